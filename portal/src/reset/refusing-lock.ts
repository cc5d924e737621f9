import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import type { GuessLock } from './reset-limits.js';

/**
 * The first of `locks`, in order, that would refuse an attempt now, as reserveAttempt decides it (locked,
 * or every attempt in use within the rule's count window); undefined when each would take one. A read
 * only, in ONE statement whatever the locks hold: nothing is counted or reserved. For asking before work
 * that only an attempt could use (a code mailed for a kind that rests): an attempt itself still reserves.
 */
export async function refusingLock(
  db: Kysely<Database>,
  locks: readonly GuessLock[],
  now: number,
): Promise<GuessLock | undefined> {
  if (locks.length === 0) return undefined;
  const rows = await db
    .selectFrom('counters')
    .select(['key', 'count', 'window_start', 'locked_until'])
    .where(
      'key',
      'in',
      locks.map((lock) => lock.key),
    )
    .execute();
  return locks.find((lock) => {
    const row = rows.find((candidate) => candidate.key === lock.key);
    if (row === undefined) return false;
    if (row.locked_until !== null && Number(row.locked_until) > now) return true;
    const lapsed = now - Number(row.window_start) >= lock.rule.resetCounterMinutes * 60_000;
    return !lapsed && Number(row.count) >= lock.rule.maxAttempts;
  });
}
