import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import { dialectOf } from '../dialect-of.js';

export interface Window {
  max: number;
  windowSeconds: number;
}

export interface LockoutRule {
  maxAttempts: number;
  durationSeconds: number;
  resetCounterMinutes: number;
}

/**
 * Counts one attempt against each key, in order, in fixed windows kept in the database (so every portal
 * process sees the same counts). Each key is ONE atomic upsert (INSERT … ON CONFLICT … DO UPDATE …
 * RETURNING), so parallel requests on any number of instances never lose a count; all in one transaction,
 * one commit (every commit is a disk sync). Stops at the first key over its limit and returns false.
 */
export async function takeFromWindows(
  db: Kysely<Database>,
  limits: readonly { key: string; window: Window }[],
  now: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    for (const { key, window } of limits) {
      const lapsed = sql<boolean>`${now} - counters.window_start >= ${window.windowSeconds * 1000}`;
      const row = await trx
        .insertInto('counters')
        .values({ key, count: 1, window_start: now, locked_until: null })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            count: sql`CASE WHEN ${lapsed} THEN 1 ELSE counters.count + 1 END`,
            window_start: sql`CASE WHEN ${lapsed} THEN ${now} ELSE counters.window_start END`,
          }),
        )
        .returning('count')
        .executeTakeFirstOrThrow();
      if (row.count > window.max) return false;
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
 * (the directory-style rule admins know: a slow, steady guesser is still counted); reaching `maxAttempts`
 * locks the key for `durationSeconds`. `window_start` holds the last failure's time. A failure while the
 * key is locked changes nothing: parallel requests pass the lock check before hashing, and those failing
 * after the lock was set must not restart the count or lift the lock. Returns true when THIS failure
 * locked it, so exactly one of many parallel failures reports (and audits) the lockout.
 *
 * One transaction whose first statement is a write (so SQLite hands it the write lock before it reads),
 * and on PostgreSQL a row lock (FOR UPDATE): the read, the decision and the write cannot interleave.
 */
export async function countFailure(
  db: Kysely<Database>,
  key: string,
  rule: LockoutRule,
  now: number,
): Promise<boolean> {
  const resetMs = rule.resetCounterMinutes * 60_000;
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('counters')
      .values({ key, count: 0, window_start: now, locked_until: null })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    let read = trx
      .selectFrom('counters')
      .select(['count', 'window_start', 'locked_until'])
      .where('key', '=', key);
    if (dialectOf(trx) === 'postgres') read = read.forUpdate();
    const row = await read.executeTakeFirstOrThrow();
    if (row.locked_until !== null && row.locked_until > now) return false;
    const count = now - row.window_start >= resetMs ? 1 : row.count + 1;
    const locks = count >= rule.maxAttempts;
    await trx
      .updateTable('counters')
      .set({
        count: locks ? 0 : count,
        window_start: now,
        locked_until: locks ? now + rule.durationSeconds * 1000 : null,
      })
      .where('key', '=', key)
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
    .deleteFrom('counters')
    .where('key', '=', key)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until ?? null;
}
