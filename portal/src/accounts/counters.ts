import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { writeTransaction } from '../store/write-transaction.js';

export interface Window {
  max: number;
  windowSeconds: number;
}

/**
 * Counts one attempt against each key, in order, in fixed windows kept in the database (so every portal
 * process sees the same counts), in ONE transaction: every commit is a disk sync, and syncs are what a
 * change pays for besides hashing. It reads before it writes, so it holds the write lock from the start
 * (writeTransaction): a CLI command committing in between would otherwise fail it with "database is
 * locked", a 500 for the person. Stops at the first key over its limit and returns false.
 */
export async function takeFromWindows(
  db: Kysely<Database>,
  limits: readonly { key: string; window: Window }[],
  now: number,
): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    for (const { key, window } of limits) {
      const row = await trx
        .selectFrom('counters')
        .select(['count', 'window_start'])
        .where('key', '=', key)
        .executeTakeFirst();
      if (row === undefined || now - row.window_start >= window.windowSeconds * 1000) {
        await trx
          .insertInto('counters')
          .values({ key, count: 1, window_start: now, locked_until: null })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ count: 1, window_start: now, locked_until: null }),
          )
          .execute();
        continue;
      }
      if (row.count >= window.max) return false;
      await trx
        .updateTable('counters')
        .set({ count: row.count + 1 })
        .where('key', '=', key)
        .execute();
    }
    return true;
  });
}

/** One key's window (see takeFromWindows). */
export function takeFromWindow(
  db: Kysely<Database>,
  key: string,
  window: Window,
  now: number,
): Promise<boolean> {
  return takeFromWindows(db, [{ key, window }], now);
}

export interface LockoutRule {
  maxAttempts: number;
  durationSeconds: number;
  resetCounterMinutes: number;
}

/** When the lock on `key` ends, or null if it is not locked. */
export async function lockedUntil(db: Kysely<Database>, key: string, now: number): Promise<number | null> {
  const row = await db
    .selectFrom('counters')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.locked_until != null && row.locked_until > now ? row.locked_until : null;
}

/**
 * Counts one failed password check. The counter restarts `resetCounterMinutes` after the LAST failure
 * (the directory-style rule admins know: a slow, steady guesser is still counted); reaching
 * `maxAttempts` locks the key for `durationSeconds`. `window_start` holds the last failure's time.
 * A failure while the key is locked changes nothing. Returns true when this failure locked it. Holds the
 * write lock from the start, as takeFromWindows does.
 */
export async function countFailure(
  db: Kysely<Database>,
  key: string,
  rule: LockoutRule,
  now: number,
): Promise<boolean> {
  const resetMs = rule.resetCounterMinutes * 60_000;
  return writeTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('counters')
      .select(['count', 'window_start', 'locked_until'])
      .where('key', '=', key)
      .executeTakeFirst();
    // Parallel requests pass the lock check before hashing; those failing after the lock was set must
    // not touch it (counting would restart at 1 and write locked_until: null, unlocking the guesser).
    if (row?.locked_until != null && row.locked_until > now) return false;
    const count = row === undefined || now - row.window_start >= resetMs ? 1 : row.count + 1;
    const windowStart = now;
    const locks = count >= rule.maxAttempts;
    const values = {
      count: locks ? 0 : count,
      window_start: windowStart,
      locked_until: locks ? now + rule.durationSeconds * 1000 : null,
    };
    await trx
      .insertInto('counters')
      .values({ key, ...values })
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
    return locks;
  });
}

/**
 * A correct password clears the failure count (but not an active lock: the caller checks that first).
 * Returns when the lock it cleared had ended (an unlock by time, observed now), or null if there was none.
 */
export async function clearFailures(db: Kysely<Database>, key: string): Promise<number | null> {
  const row = await db
    .selectFrom('counters')
    .select('locked_until')
    .where('key', '=', key)
    .executeTakeFirst();
  if (row === undefined) return null;
  await db.deleteFrom('counters').where('key', '=', key).execute();
  return row.locked_until;
}
