import { randomUUID } from 'node:crypto';
import type { RefusalCode } from '@passgate/core/codes';
import type { PasswordDictionary } from '@passgate/core/policy';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { recordAudit } from '../audit/record-audit.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import { settleFailure, takePasswordAttempt } from '../store/port/counters.js';
import type { SyncWorker } from '../sync/sync-worker.js';
import { acceptPassword } from './accept-password.js';
import type { ChangeOutcome, ChangePasswordInput, Refusal } from './account-service.js';
import { checkCredentials, type UserRow } from './check-credentials.js';
import { limitRefusal } from './limit-end.js';
import { passwordCheckKeys } from './limit-keys.js';
import { lockRefusal } from './lock-refusal.js';
import { clearFailuresAndRecordUnlock } from './record-unlock-observed.js';
import { normaliseEmail } from './tenant-for-email.js';

export interface ChangePasswordDeps {
  db: Kysely<Database>;
  config: PortalConfig;
  sealer: Sealer;
  /** Seals queued mails (purpose 'mail'): the security notice a new password sends. */
  mailSealer: Sealer;
  /** The in-process mail sender, woken when a notice may go out (null or absent: another process sends). */
  mailSender?: { wake(): void } | null;
  /** The in-process worker, or null when workers run elsewhere (the row is polled then). */
  worker: SyncWorker | null;
  logger: Logger;
  now: () => Date;
  dictionary?: PasswordDictionary;
}

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
    const portalRefusal = (code: RefusalCode): Refusal => ({ code });

    const { windows, lockKey } = passwordCheckKeys(config, email, input);
    // The windows, and an attempt reserved before the password is checked (parallel requests never
    // evaluate more than maxAttempts), in one commit.
    const lock = policy.lockout === null ? null : { key: lockKey, rule: policy.lockout };
    const verdict = await takePasswordAttempt(db, windows, lock, ms);
    if (verdict === 'rate_limited') return refuse(null, [await limitRefusal(db, windows, ms)]);
    if (verdict === 'locked') return refuse(null, [await lockRefusal(db, lockKey, ms)]);

    const proven = await checkCredentials(db, email, input.currentPassword);
    if (proven === null) {
      if (policy.lockout !== null && (await settleFailure(db, lockKey, policy.lockout, ms))) {
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
    await clearFailuresAndRecordUnlock(db, { id: user.id, email }, lockKey, correlationId, ms);
    if (user.status === 'suspended') return refuse(user, [portalRefusal('ACCOUNT_SUSPENDED')]);

    const result = await acceptPassword(deps, {
      user,
      newPassword: input.newPassword,
      correlationId,
      ...origin,
      proof: {
        kind: 'current_password',
        currentPassword: input.currentPassword,
        provenHash: proven.provenHash,
      },
      notice: { kind: 'change' },
    });
    if (result.status === 'refused') return refuse(user, result.refusals);
    // Another change that proved the same password was accepted first (a double submit, or someone else
    // who knows it): this one is not, so the minimum age and the history cannot be walked around in parallel.
    if (result.status === 'stale' || result.status === 'claim_lost')
      return refuse(user, [portalRefusal('PASSWORD_CHANGED_MEANWHILE')]);
    return result;
  };
}
