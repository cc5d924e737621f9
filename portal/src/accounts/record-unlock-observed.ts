import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { Database } from '../store/database-schema.js';
import { clearFailures } from '../store/port/counters.js';

/**
 * Clears the failure count of `lockKey` (the account's, or the device's it was proven from) after a
 * correct password. If a lockout had ended by time and no sweep
 * had recorded it yet, records `user_unlocked` now (dated when the lock ended), so every lock in the
 * audit log has its end.
 */
export async function clearFailuresAndRecordUnlock(
  db: Kysely<Database>,
  user: { id: string; email: string },
  lockKey: string,
  correlationId: string,
  now: number,
): Promise<void> {
  const ended = await clearFailures(db, lockKey, now);
  if (ended === null) return;
  await recordAudit(db, {
    type: 'user_unlocked',
    user,
    at: new Date(ended),
    success: true,
    correlationId,
    changes: [{ field: 'locked', from: true, to: false }],
    initiatedBy: { type: 'system', id: 'passgate-lockout' },
  });
}
