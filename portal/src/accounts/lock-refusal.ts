import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { lockedUntil } from '../store/port/counters.js';
import type { LockEnd, Refusal } from './account-service.js';

/** When the lock on `lockKey` ends and the whole minutes left (at least 1), or null when it is not on. */
export async function lockEndOf(db: Kysely<Database>, lockKey: string, now: number): Promise<LockEnd | null> {
  const until = await lockedUntil(db, lockKey, now);
  return until === null ? null : { until, minutesLeft: Math.max(1, Math.ceil((until - now) / 60_000)) };
}

/**
 * ACCOUNT_LOCKED with the end of the lock on `lockKey`, said before the password is looked at. That gives
 * nothing away: the lock counts every address typed, known or not (limit-keys.ts), so an unknown address
 * locks and ends alike; and a lock answered without checking the password is no oracle for guessing it.
 */
export async function lockRefusal(db: Kysely<Database>, lockKey: string, now: number): Promise<Refusal> {
  const lock = await lockEndOf(db, lockKey, now);
  return lock === null ? { code: 'ACCOUNT_LOCKED' } : { code: 'ACCOUNT_LOCKED', lock };
}
