import { randomUUID } from 'node:crypto';
import type { AuditActor, AuditChange } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { TenantConfig } from '../config/portal-config.js';
import type { Database, PasswordDriftTable, UserStatus } from '../store/database-schema.js';
import { type DriftSeen, moveDriftWatch } from '../store/port/drift-watch.js';
import { lockCredential } from '../store/port/lock-credential.js';
import { writeTransaction } from '../store/write-transaction.js';
import { enqueueSetAccountEnabled } from '../sync/enqueue-set-account-enabled.js';
import { type AccountAdminDeps, statusToRestore } from './admin-actions.js';
import { queueUserMail } from './queue-user-mail.js';

/** One drift the sweep decided on, with what it read. */
export interface DriftFound {
  user: { id: string; email: string; displayName: string | null };
  tenant: TenantConfig;
  /** What the sweep read for the user: the drift is recorded only if it is still that. */
  from: DriftSeen | null;
  /** lastPasswordChangeDateTime (whole seconds) and the portal write it was judged against. */
  changeAt: number;
  writeAt: number | null;
  /** From the audit log, when it could say. */
  change: { at: number; activity: string; actor: string; actorKind: 'user' | 'app' } | null;
  recordAt: number | null;
}

/** recorded: told and acted on; lost: another sweep got there first; wait: a password job appeared meanwhile. */
export type DriftOutcome =
  | { kind: 'recorded'; action: NonNullable<PasswordDriftTable['drift_action']> }
  | { kind: 'lost' | 'wait' };

class Abandon extends Error {
  constructor(readonly outcome: 'lost' | 'wait') {
    super(outcome);
  }
}

const SWEEP: AuditActor = { type: 'system', id: 'passgate-drift' };

/** Who changed it, as the portal's audit log names actors. */
function initiator(found: DriftFound): AuditActor {
  const change = found.change;
  if (change === null) return { type: 'system', id: 'microsoft-365' };
  if (change.actorKind === 'app') return { type: 'system', id: change.actor };
  return change.actor.toLowerCase() === found.user.email
    ? { type: 'user', email: change.actor }
    : { type: 'admin', email: change.actor };
}

/**
 * Records one drift and does what the tenant's onDrift says, in ONE transaction: the drift watch moves
 * first (a conditional write, so a drift is recorded once however many sweeps see it), then the user's
 * row is locked as a password change locks it, and if a password job of the user appeared since the
 * sweep read (the person just changed it in the portal) nothing is recorded: the next sweep decides.
 *
 * - report: the `user_password_drift` audit event; the admins hear of it in the next digest mail.
 * - expire: also expire an active person (the tenant's onExpiry decides, as for any expiry, whether that
 *   blocks Microsoft 365 sign-in), so their next password goes through the portal; they get a mail.
 * - suspend: also block Microsoft 365 sign-in (a disable job, as expiry and suspension use) until that
 *   next password; an expired person is blocked too. They get a mail.
 * A person an admin suspended is judged by the status lifting the suspension restores, and the decision is
 * kept there (status_before_suspend, expired_at, blocked_at): unsuspend then brings back the expiry and the
 * block, not the password someone set through Microsoft's other doors. They are told now, as anyone is.
 */
export async function handleDrift(
  deps: AccountAdminDeps,
  found: DriftFound,
  now: Date,
): Promise<DriftOutcome> {
  const ms = now.getTime();
  const correlationId = randomUUID();
  const { user, tenant } = found;
  try {
    return await writeTransaction(deps.db, async (trx) => {
      const moved = await moveDriftWatch(trx, user.id, found.from, {
        seen_change_at: found.changeAt,
        seen_write_at: found.writeAt,
        seen_record_at: found.recordAt ?? found.from?.recordAt ?? null,
        drift_changed_at: found.change?.at ?? found.changeAt,
        drift_detected_at: ms,
        drift_activity: found.change?.activity ?? null,
        drift_actor: found.change?.actor ?? null,
        drift_alerted_at: null,
        updated_at: ms,
      });
      if (!moved) throw new Abandon('lost');
      const locked = await lockCredential(trx, user.id);
      if (locked === null) throw new Abandon('lost');
      const open = await trx
        .selectFrom('outbox_jobs')
        .select('id')
        .where('user_id', '=', user.id)
        .where('kind', '=', 'set_password')
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirst();
      if (open !== undefined) throw new Abandon('wait');

      // Read under the lock taken above: a suspension or its lifting committing meanwhile is seen here.
      const kept = await keptOf(trx, user.id);
      const suspended = locked.status === 'suspended';
      const standing = suspended ? statusToRestore(kept.statusBeforeSuspend) : locked.status;
      const expire = tenant.onDrift !== 'report' && standing === 'active';
      const block =
        (tenant.onDrift === 'suspend' && (standing === 'active' || standing === 'expired')) ||
        (expire && tenant.onExpiry === 'suspend');
      const action = block ? 'blocked' : expire ? 'expired' : 'reported';
      // expired_at either way: a password accepted before this drift ends no expiry when it lands (completeJob).
      if (expire)
        await trx
          .updateTable('users')
          .set(
            suspended
              ? { status_before_suspend: 'expired', expired_at: ms }
              : { status: 'expired', expired_at: ms },
          )
          .where('id', '=', user.id)
          .execute();
      // Queued for a suspended person too: their suspension's disable may not have taken, and the block is
      // the password's, not the account's. blocked_at keeps it standing through unsuspend (blockedByDrift).
      if (block)
        await enqueueSetAccountEnabled(trx, {
          jobId: randomUUID(),
          userId: user.id,
          tenant: tenant.name,
          upn: user.email,
          enabled: false,
          disabledFor: 'drift',
          correlationId,
          now: ms,
        });
      // After the current password, whatever this sweep's clock says: it passes the time it began to every
      // drift it finds, and a portal password may have landed since (the lock above orders them). A
      // blocked_at not later than password_changed_at reads as lifted (blockedByDrift): unsuspend and the
      // next password would then re-enable nothing, or unsuspend would re-enable the drifted password.
      const blockedAt = Math.max(ms, kept.passwordChangedAt + 1);
      await trx
        .updateTable('password_drift')
        .set({ drift_action: action, ...(block ? { blocked_at: blockedAt } : {}) })
        .where('user_id', '=', user.id)
        .execute();
      const changedAt = new Date(found.change?.at ?? found.changeAt);
      const details: AuditChange[] = [
        { field: 'password' },
        { field: 'microsoft365ChangedAt', to: changedAt.toISOString() },
        ...(found.change ? [{ field: 'microsoft365Activity', to: found.change.activity }] : []),
        { field: 'evidence', to: found.change ? 'audit_log' : 'lastPasswordChangeDateTime' },
        { field: 'action', to: action },
      ];
      const who = { id: user.id, email: user.email };
      await recordAudit(trx, {
        type: 'user_password_drift',
        user: who,
        at: now,
        success: true,
        correlationId,
        changes: details,
        initiatedBy: initiator(found),
      });
      if (expire || block) {
        await recordAudit(trx, {
          type: 'user_password_expired',
          user: who,
          at: now,
          success: true,
          correlationId,
          // Suspended: the expiry is what unsuspend restores, and sign-in, blocked already, stays blocked.
          changes: [
            ...(expire
              ? [{ field: suspended ? 'statusBeforeSuspend' : 'status', from: 'active', to: 'expired' }]
              : []),
            ...(block ? [{ field: 'accountEnabled', from: !suspended, to: false }] : []),
          ],
          initiatedBy: SWEEP,
        });
        const links = {
          changedAt,
          how: found.change?.activity ?? null,
          signInUrl: `${deps.config.publicUrl}/signin`,
          resetUrl: `${deps.config.publicUrl}/reset`,
          // Both pages refuse a suspended person: their mail says the password waits for the unsuspend.
          suspended,
        };
        await queueUserMail(
          trx,
          deps,
          { id: user.id, email: user.email, display_name: user.displayName },
          { kind: block ? 'drift_blocked' : 'drift_expired', ...links },
          ms,
        );
      }
      return { kind: 'recorded', action };
    });
  } catch (error) {
    if (error instanceof Abandon) return { kind: error.outcome };
    throw error;
  }
}

/** What the user's row keeps that the decision needs: the status unsuspend restores, and when the
 * current password became current. */
async function keptOf(
  trx: Kysely<Database>,
  userId: string,
): Promise<{ statusBeforeSuspend: UserStatus | null; passwordChangedAt: number }> {
  const row = await trx
    .selectFrom('users')
    .select(['status_before_suspend', 'password_changed_at'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return {
    statusBeforeSuspend: row.status_before_suspend,
    passwordChangedAt: Number(row.password_changed_at),
  };
}
