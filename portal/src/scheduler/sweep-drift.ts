import type { M365Client, M365PasswordChangeTime } from '@passgate/core/graph';
import type { Logger } from 'pino';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { handleDrift } from '../accounts/handle-drift.js';
import type { TenantConfig } from '../config/portal-config.js';
import {
  claimDriftSweep,
  type DriftSweepClaim,
  insertFirstLooks,
  moveDriftWatch,
} from '../store/port/drift-watch.js';
import { writeTransaction } from '../store/write-transaction.js';
import { decideDrift } from './decide-drift.js';
import { type AuditTraces, readAuditTraces, traceOf } from './read-audit-traces.js';
import { type DriftCandidate, readDriftCandidates } from './read-drift-candidates.js';
import { sendDriftAlerts } from './send-drift-alerts.js';

/** Entra ID Free keeps the directory audit log 7 days (P1/P2: 30): nothing older can be read. */
const AUDIT_RETENTION_MS = 7 * 86_400_000;
/** Microsoft writes audit records minutes after the change: each read goes back this far over the last. */
const AUDIT_OVERLAP_MS = 15 * 60_000;

export interface DriftSweepOptions extends AccountAdminDeps {
  clients: ReadonlyMap<string, M365Client>;
  logger: Logger;
  /** Renews the scheduler lease between pages; false: another instance holds it now, so stop. */
  keepLease?: () => Promise<boolean>;
}

export interface DriftSweepResult {
  /** Tenants read in this sweep (those due, or all when forced). */
  tenants: number;
  /** Portal users judged. */
  users: number;
  /** Drifts found and recorded. */
  drifts: number;
  /** Users left for the next sweep: a password job of theirs was queued or running. */
  waiting: number;
  /** Drifts told to the admins in this sweep's digest (including earlier ones not told yet). */
  alerted: number;
}

type Counts = Pick<DriftSweepResult, 'users' | 'drifts' | 'waiting'>;

/**
 * Drift detection (issue 12): for each tenant whose interval has passed (or every tenant when `force`),
 * streams its users' lastPasswordChangeDateTime a page at a time, never the whole tenant in memory, and
 * judges every portal user on the page (decide-drift.ts says how, and why the portal's own writes are
 * never reported); then one digest mail to the admins. Safe to run from two instances at once: the
 * tenant's round is claimed, and each drift is recorded by a conditional write.
 */
export async function sweepDrift(
  options: DriftSweepOptions,
  now: Date,
  force = false,
): Promise<DriftSweepResult> {
  const result: DriftSweepResult = { tenants: 0, users: 0, drifts: 0, waiting: 0, alerted: 0 };
  const intervalMs = options.config.drift.intervalSeconds * 1000;
  for (const tenant of options.config.tenants) {
    const client = options.clients.get(tenant.name);
    if (client === undefined) continue;
    const claim = await claimDriftSweep(options.db, tenant.name, now.getTime(), intervalMs, force);
    if (claim === null) continue;
    result.tenants += 1;
    try {
      const counts = await sweepTenant(options, tenant, client, claim, now);
      result.users += counts.users;
      result.drifts += counts.drifts;
      result.waiting += counts.waiting;
    } catch (error) {
      options.logger.warn(
        { tenant: tenant.name, err: error },
        'drift sweep of the tenant failed: it is tried again after drift.intervalSeconds',
      );
    }
  }
  result.alerted = await sendDriftAlerts(options, now);
  return result;
}

async function readAudit(
  options: DriftSweepOptions,
  tenant: TenantConfig,
  client: M365Client,
  claim: DriftSweepClaim,
  now: number,
  log: Logger,
): Promise<{ traces: AuditTraces | null; readAt: number | null; denied: boolean }> {
  const oldest = now - AUDIT_RETENTION_MS;
  let since = oldest;
  if (claim.auditReadAt !== null) {
    since = claim.auditReadAt - AUDIT_OVERLAP_MS - options.config.drift.clockSkewSeconds * 1000;
    if (since < oldest) {
      log.info(
        { lastRead: new Date(claim.auditReadAt).toISOString(), keptSince: new Date(oldest).toISOString() },
        'the directory audit log was last read more than 7 days ago and Entra ID Free keeps only 7 days: changes made before keptSince are judged by lastPasswordChangeDateTime alone (who made them cannot be told)',
      );
      since = oldest;
    }
  }
  try {
    const read = await readAuditTraces(client, tenant.graph.clientId, new Date(since));
    if (read.kind === 'denied') {
      // Said once, not every hour: it is a choice an admin may make, and the sweep works without it.
      if (!claim.auditDenied)
        log.info(
          'the app may not read the directory audit log (grant AuditLog.Read.All and Directory.Read.All to learn who changed a password): drift is judged by lastPasswordChangeDateTime alone',
        );
      return { traces: null, readAt: null, denied: true };
    }
    if (claim.auditDenied)
      log.info('the directory audit log is readable again: drift reports say who and how');
    return { traces: read.traces, readAt: now, denied: false };
  } catch (error) {
    log.warn(
      { err: error },
      'reading the directory audit log failed: this sweep judges by lastPasswordChangeDateTime alone',
    );
    return { traces: null, readAt: null, denied: claim.auditDenied };
  }
}

async function sweepTenant(
  options: DriftSweepOptions,
  tenant: TenantConfig,
  client: M365Client,
  claim: DriftSweepClaim,
  now: Date,
): Promise<Counts> {
  const { db, logger } = options;
  const ms = now.getTime();
  const log = logger.child({ tenant: tenant.name });
  const toleranceMs = options.config.drift.clockSkewSeconds * 1000;
  const audit = await readAudit(options, tenant, client, claim, ms, log);
  const domains = new Set(tenant.domains);
  const counts: Counts = { users: 0, drifts: 0, waiting: 0 };
  let skewWarned = false;
  for await (const page of client.listPasswordChangeTimes()) {
    if (options.keepLease && !(await options.keepLease())) {
      log.info('drift sweep stopped: another portal instance holds the scheduler now');
      return counts;
    }
    const byEmail = new Map<string, M365PasswordChangeTime>();
    for (const user of page) {
      const upn = user.userPrincipalName.toLowerCase();
      // Synced users' passwords are mastered on-premises, and their time is the sync's: not the portal's.
      if (user.onPremisesSyncEnabled === true || !domains.has(upn.slice(upn.lastIndexOf('@') + 1))) continue;
      byEmail.set(upn, user);
    }
    // Read after the page, never before: see readDriftCandidates.
    const candidates = await readDriftCandidates(db, [...byEmail.keys()]);
    const accepted: { candidate: DriftCandidate; changeAt: number; writeAt: number | null }[] = [];
    for (const candidate of candidates) {
      const graphUser = byEmail.get(candidate.email);
      if (graphUser === undefined) continue;
      counts.users += 1;
      const observedAt =
        graphUser.lastPasswordChangeDateTime === null
          ? null
          : Date.parse(graphUser.lastPasswordChangeDateTime);
      if (observedAt !== null && observedAt > ms + toleranceMs && !skewWarned) {
        skewWarned = true;
        log.warn(
          { lastPasswordChangeDateTime: graphUser.lastPasswordChangeDateTime, now: now.toISOString() },
          "Microsoft 365 shows a password change later than this server's clock: check the server's time (NTP); drift.clockSkewSeconds is the tolerance",
        );
      }
      const decision = decideDrift({
        observedAt: observedAt === null || Number.isNaN(observedAt) ? null : observedAt,
        jobOpen: candidate.jobOpen,
        lastWrite: candidate.lastWrite,
        lastApplied: candidate.lastApplied,
        seen: candidate.seen,
        audit: audit.traces === null ? null : traceOf(audit.traces, graphUser.id),
        toleranceMs,
      });
      if (decision.kind === 'wait') counts.waiting += 1;
      if (decision.kind === 'accept')
        accepted.push({ candidate, changeAt: decision.changeAt, writeAt: decision.writeAt });
      if (decision.kind !== 'drift') continue;
      const outcome = await handleDrift(
        options,
        {
          user: { id: candidate.id, email: candidate.email, displayName: candidate.displayName },
          tenant,
          from: candidate.seen,
          changeAt: decision.changeAt,
          writeAt: decision.writeAt,
          change: decision.change,
          recordAt: decision.recordAt,
        },
        now,
      );
      if (outcome.kind === 'wait') counts.waiting += 1;
      if (outcome.kind !== 'recorded') continue;
      counts.drifts += 1;
      log.warn(
        {
          user: candidate.email,
          changedAt: new Date(decision.change?.at ?? decision.changeAt).toISOString(),
          by: decision.change?.actor ?? null,
          activity: decision.change?.activity ?? null,
          action: outcome.action,
        },
        'password changed in Microsoft 365 outside the portal (drift)',
      );
    }
    if (accepted.length > 0)
      await writeTransaction(db, async (trx) => {
        const firstLooks = accepted.filter(({ candidate }) => candidate.seen === null);
        await insertFirstLooks(
          trx,
          firstLooks.map(({ candidate, changeAt, writeAt }) => ({ userId: candidate.id, changeAt, writeAt })),
          ms,
        );
        for (const { candidate, changeAt, writeAt } of accepted)
          if (candidate.seen !== null)
            await moveDriftWatch(trx, candidate.id, candidate.seen, {
              seen_change_at: changeAt,
              seen_write_at: writeAt,
              updated_at: ms,
            });
      });
  }
  await db
    .updateTable('drift_sweeps')
    .set({
      finished_at: ms,
      audit_denied: audit.denied ? 1 : 0,
      ...(audit.readAt !== null ? { audit_read_at: audit.readAt } : {}),
    })
    .where('tenant', '=', tenant.name)
    .execute();
  return counts;
}
