import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { Database } from '../store/database-schema.js';
import type { RequestOrigin } from './account-service.js';
import { accountLockKey, clearAllLocks, lockedAnywhere } from './limit-keys.js';
import { clearFailuresAndRecordUnlock } from './record-unlock-observed.js';

/**
 * A way back in proved the person (a reset link, a reset with methods, the self-service unlock): every
 * lock on the account ends, its devices' too, in the caller's transaction. A lock that was on is audited
 * as `user_unlocked`, initiated by the person; one that had ended by time and was not yet recorded gets
 * its end recorded. Returns whether a lock was on.
 */
export async function liftLocks(
  trx: Kysely<Database>,
  user: { id: string; email: string },
  origin: Pick<RequestOrigin, 'clientIp' | 'userAgent'>,
  correlationId: string,
  at: Date,
): Promise<boolean> {
  const lockKey = accountLockKey(user.email);
  const locked = await lockedAnywhere(trx, user.email, at.getTime());
  if (!locked) await clearFailuresAndRecordUnlock(trx, user, lockKey, correlationId, at.getTime());
  await clearAllLocks(trx, user.email);
  if (!locked) return false;
  await recordAudit(trx, {
    type: 'user_unlocked',
    user: { id: user.id, email: user.email },
    at,
    success: true,
    correlationId,
    origin: { clientIp: origin.clientIp, userAgent: origin.userAgent },
    changes: [{ field: 'locked', from: true, to: false }],
  });
  return true;
}
