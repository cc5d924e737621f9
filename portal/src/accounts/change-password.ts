import { randomUUID } from 'node:crypto';
import type { RefusalCode } from '@passgate/core/codes';
import { evaluatePassword, type PasswordDictionary, violationMessage } from '@passgate/core/policy';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record-audit.js';
import type { PortalConfig } from '../config/portal-config.js';
import { hashPassword } from '../crypto/password-hasher.js';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import type { SyncWorker } from '../sync/sync-worker.js';
import type { ChangeOutcome, ChangePasswordInput, Refusal } from './account-service.js';
import { checkCredentials, isReused, type UserRow } from './check-credentials.js';
import { countFailure, lockedUntil, takeFromWindows } from './counters.js';
import { lockUserStatus } from './lock-user-status.js';
import { clearFailuresAndRecordUnlock } from './record-unlock-observed.js';
import { refusalMessage } from './refusal-message.js';
import { replaceCurrentPassword } from './replace-current-password.js';
import { normaliseEmail, tenantForEmail } from './tenant-for-email.js';
import { waitForJob } from './wait-for-job.js';

export interface ChangePasswordDeps {
  db: Kysely<Database>;
  config: PortalConfig;
  sealer: Sealer;
  /** The in-process worker, or null when workers run elsewhere (the row is polled then). */
  worker: SyncWorker | null;
  logger: Logger;
  now: () => Date;
  dictionary?: PasswordDictionary;
}

const DAY_MS = 86_400_000;

/** Builds the change flow described in AccountService.changePassword. */
export function createChangePassword(
  deps: ChangePasswordDeps,
): (input: ChangePasswordInput) => Promise<ChangeOutcome> {
  const { db, config, logger } = deps;
  const { policy } = config;

  return async function changePassword(input: ChangePasswordInput): Promise<ChangeOutcome> {
    const at = deps.now();
    const ms = at.getTime();
    const email = normaliseEmail(input.email);
    const origin = { clientIp: input.clientIp, userAgent: input.userAgent };
    const correlationId = randomUUID();

    const refuse = async (user: UserRow | null, refusals: Refusal[]): Promise<ChangeOutcome> => {
      const codes = refusals.map((r) => r.code).join(', ');
      await recordAudit(db, {
        type: 'user_password_change',
        user: { id: user?.id ?? null, email },
        at,
        origin,
        success: false,
        errorMessage: codes,
        correlationId,
      });
      logger.info({ correlationId, codes }, 'password change refused');
      return { status: 'refused', refusals };
    };
    const portalRefusal = (code: RefusalCode): Refusal => ({ code, message: refusalMessage(code) });

    // Counted for every e-mail typed, known or not, so the limits reveal nothing about who exists.
    const limits = [
      { key: `addr:${input.clientIp}`, window: config.rateLimits.perAddress },
      { key: `acct:${email}`, window: config.rateLimits.perAccount },
    ];
    if (!(await takeFromWindows(db, limits, ms))) {
      return refuse(null, [portalRefusal('RATE_LIMITED')]);
    }
    const lockKey = `lock:${email}`;
    if (policy.lockout !== null && (await lockedUntil(db, lockKey, ms)) !== null)
      return refuse(null, [portalRefusal('ACCOUNT_LOCKED')]);

    const proven = await checkCredentials(db, email, input.currentPassword);
    if (proven === null) {
      if (policy.lockout !== null && (await countFailure(db, lockKey, policy.lockout, ms))) {
        await recordAudit(db, {
          type: 'user_lockout',
          user: { id: null, email },
          at,
          origin,
          success: true,
          correlationId,
          initiatedBy: { type: 'system' },
        });
      }
      return refuse(null, [portalRefusal('INVALID_CREDENTIALS')]);
    }
    const { user } = proven;
    await clearFailuresAndRecordUnlock(db, { id: user.id, email }, correlationId);
    if (user.status === 'suspended') return refuse(user, [portalRefusal('ACCOUNT_SUSPENDED')]);

    const tenant = tenantForEmail(config.tenants, email);
    const context = {
      username: email.slice(0, email.indexOf('@')),
      email,
      ...(user.display_name ? { displayName: user.display_name } : {}),
      ...(tenant ? { tenantName: tenant.name } : {}),
    };
    const evaluation = evaluatePassword(
      input.newPassword,
      policy,
      context,
      deps.dictionary ? { dictionary: deps.dictionary } : {},
    );
    const refusals: Refusal[] = evaluation.ok
      ? []
      : evaluation.violations.map((v) => ({ code: v.code, message: v.message }));
    // An expired password must be changeable at once, whatever the minimum age says.
    const tooSoon =
      user.status !== 'expired' &&
      user.user_changed_at !== null &&
      ms - user.user_changed_at < policy.minAgeDays * DAY_MS;
    if (tooSoon) refusals.push({ code: 'TOO_SOON', message: violationMessage('TOO_SOON', policy) });
    // History costs one argon2 verify per remembered password: only paid once everything else passed.
    if (
      refusals.length === 0 &&
      (await isReused(db, proven, input.currentPassword, input.newPassword, policy.historyCount))
    ) {
      refusals.push({ code: 'REUSED', message: violationMessage('REUSED', policy) });
    }
    if (refusals.length > 0) return refuse(user, refusals);

    const newHash = await hashPassword(input.newPassword);
    // `user` was read before the argon2 work: an admin may have suspended the account since. Each
    // accepting transaction reads the status again (under the write lock) and decides from that.
    if (tenant === null) {
      const accepted = await db.transaction().execute(async (trx) => {
        const status = await lockUserStatus(trx, user.id);
        if (status === null || status === 'suspended') return false;
        await replaceCurrentPassword(trx, user.id, newHash, ms, {
          byUser: true,
          reactivate: status === 'expired',
        });
        await recordAudit(trx, {
          type: 'user_password_change',
          user: { id: user.id, email },
          at,
          origin,
          success: true,
          changes: [{ field: 'password' }],
          correlationId,
        });
        return true;
      });
      if (!accepted) return refuse(user, [portalRefusal('ACCOUNT_SUSPENDED')]);
      logger.info(
        { correlationId, userId: user.id },
        'password changed (portal only: no tenant for this domain)',
      );
      return { status: 'applied', microsoft365: false };
    }

    const jobId = randomUUID();
    const accepted = await db.transaction().execute(async (trx) => {
      const status = await lockUserStatus(trx, user.id);
      if (status === null || status === 'suspended') return false;
      const job = {
        jobId,
        userId: user.id,
        tenant: tenant.name,
        upn: email,
        password: input.newPassword,
        passwordHash: newHash,
        correlationId,
        // From the fresh status: an expiry swept in meanwhile queued a disable this password must lift.
        enableAccount: status === 'expired' && tenant.onExpiry === 'suspend',
        now: ms,
      };
      await enqueueSetPassword(trx, job, deps.sealer);
      await recordAudit(trx, {
        type: 'user_password_change_request',
        user: { id: user.id, email },
        at,
        origin,
        success: true,
        changes: [{ field: 'password' }],
        correlationId,
      });
      return true;
    });
    if (!accepted) return refuse(user, [portalRefusal('ACCOUNT_SUSPENDED')]);
    logger.info(
      { correlationId, userId: user.id, jobId, tenant: tenant.name },
      'password change queued for Microsoft 365',
    );
    return settle(jobId, user);
  };

  async function settle(jobId: string, user: UserRow): Promise<ChangeOutcome> {
    deps.worker?.wake();
    const settled = await waitForJob(db, deps.worker, jobId, config.sync.changeWaitMs, {
      logger: deps.logger,
    });
    if (settled.status === 'done') return { status: 'applied', microsoft365: true };
    if (settled.status === 'waiting') return { status: 'queued' };
    const code: RefusalCode = settled.lastError?.startsWith('PASSWORD_REJECTED')
      ? 'PASSWORD_REJECTED_BY_MICROSOFT'
      : 'MICROSOFT_REFUSED_UPDATE';
    logger.info({ jobId, userId: user.id, code }, 'Microsoft 365 refused the change');
    return { status: 'refused', refusals: [{ code, message: refusalMessage(code) }] };
  }
}
