import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import { unsyncedWrites, writeTransaction } from '../write-transaction.js';

// Counts and reservations are not synced to disk on their own (SQLite): a power cut can lose at most
// the last moments' counts, which gives a window slot or an attempt back, never a lock (settleFailure
// syncs the lock it sets). Synced, each would be an fsync holding the event loop on every sign-in.
const UNSYNCED = { synced: false } as const;

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
 * one commit. Stops at the first key over its limit and returns false.
 */
export async function takeFromWindows(
  db: Kysely<Database>,
  limits: readonly { key: string; window: Window }[],
  now: number,
): Promise<boolean> {
  return writeTransaction(db, (trx) => takeWindowsIn(trx, limits, now), UNSYNCED);
}

/**
 * takeFromWindows in the caller's write transaction (writeTransaction), for counts that must commit or
 * roll back with the rest of its work. Each key is still one atomic upsert, whose row stays locked until
 * the transaction ends (SQLite's write lock, PostgreSQL's row lock): a parallel take of the same key waits,
 * then counts on what this one committed, or on nothing if it rolled back.
 */
export async function takeWindowsIn(
  trx: Kysely<Database>,
  limits: readonly { key: string; window: Window }[],
  now: number,
): Promise<boolean> {
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
}

/** What a password check may do: go ahead, or not (a window is full, or the lockout key says no). */
export type AttemptVerdict = 'allowed' | 'rate_limited' | 'locked';

/**
 * Everything a password check takes before the password is looked at, in ONE transaction and one
 * commit: the windows (takeFromWindows), then, when there is a lockout rule, one reserved attempt on
 * `lock.key` (reserveAttempt). Counted as before: a full window stops before the reservation.
 */
export async function takePasswordAttempt(
  db: Kysely<Database>,
  limits: readonly { key: string; window: Window }[],
  lock: { key: string; rule: LockoutRule } | null,
  now: number,
): Promise<AttemptVerdict> {
  return writeTransaction(
    db,
    async (trx) => {
      if (!(await takeWindowsIn(trx, limits, now))) return 'rate_limited';
      if (lock !== null && !(await reserveIn(trx, lock.key, lock.rule, now))) return 'locked';
      return 'allowed';
    },
    UNSYNCED,
  );
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

/** How many have been counted on `key` in its current window (0 once the window has passed). A read only. */
export async function countInWindow(
  db: Kysely<Database>,
  key: string,
  window: Pick<Window, 'windowSeconds'>,
  now: number,
): Promise<number> {
  const row = await db
    .selectFrom('counters')
    .select(['count', 'window_start'])
    .where('key', '=', key)
    .executeTakeFirst();
  return row !== undefined && now - row.window_start < window.windowSeconds * 1000 ? row.count : 0;
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
 * Reserves one password attempt on a lockout key BEFORE the password is checked, so that however many
 * requests arrive at once, on however many instances, at most `maxAttempts` are ever evaluated: each
 * counts as a failure until settled. False when the key is locked or every attempt is in use (answer
 * ACCOUNT_LOCKED). The count restarts `resetCounterMinutes` after the last attempt (the directory-style
 * rule admins know: a slow, steady guesser is still counted). Then call settleFailure() or, when the
 * password was right, clearFailures().
 *
 * One transaction whose first statement is an upsert that takes the row's write lock (SQLite's
 * database lock, PostgreSQL's row lock) and returns it: the read, the decision and the write cannot
 * interleave with another request's or instance's.
 */
export async function reserveAttempt(
  db: Kysely<Database>,
  key: string,
  rule: LockoutRule,
  now: number,
): Promise<boolean> {
  return writeTransaction(db, (trx) => reserveIn(trx, key, rule, now), UNSYNCED);
}

async function reserveIn(
  trx: Kysely<Database>,
  key: string,
  rule: LockoutRule,
  now: number,
): Promise<boolean> {
  const row = await lockRow(trx, key, now);
  if (refusesAttempt(row, rule, now)) return false;
  await trx
    .updateTable('counters')
    // An ended lock's time stays: the next right password (clearFailures) or the sweep records its end.
    .set({ count: attemptsInUse(row, rule, now) + 1, window_start: now })
    .where('key', '=', key)
    .execute();
  return true;
}

type LockRow = { count: number; window_start: number; locked_until: number | null };

/** Attempts counted within the rule's count window (0 once it restarted). */
function attemptsInUse(row: LockRow, rule: LockoutRule, now: number): number {
  return now - row.window_start >= rule.resetCounterMinutes * 60_000 ? 0 : row.count;
}

/** Whether the key refuses an attempt now: locked, or every attempt in use. reserveAttempt's rule. */
function refusesAttempt(row: LockRow, rule: LockoutRule, now: number): boolean {
  if (row.locked_until !== null && row.locked_until > now) return true;
  return attemptsInUse(row, rule, now) >= rule.maxAttempts;
}

/**
 * The first of `locks`, in order, that would refuse an attempt now, by reserveAttempt's own rule;
 * undefined when each would take one. A read only, in ONE statement: nothing is counted or reserved. For
 * asking before work that only an attempt could use (a code mailed for a kind that rests): an attempt
 * itself still reserves.
 */
export async function firstRefusingLock<Lock extends { key: string; rule: LockoutRule }>(
  db: Kysely<Database>,
  locks: readonly Lock[],
  now: number,
): Promise<Lock | undefined> {
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
    return row !== undefined && refusesAttempt(row, lock.rule, now);
  });
}

/**
 * The reserved attempt failed: if it used the last one, the key locks for `durationSeconds`. Returns
 * true when THIS failure locked it, so exactly one of many parallel failures reports (and audits) the
 * lockout; a lock already set is left as it is.
 */
export async function settleFailure(
  db: Kysely<Database>,
  key: string,
  rule: LockoutRule,
  now: number,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await lockRow(trx, key, now);
    if (row.locked_until !== null && row.locked_until > now) return false;
    if (row.count < rule.maxAttempts) return false;
    await trx
      .updateTable('counters')
      .set({ count: 0, window_start: now, locked_until: now + rule.durationSeconds * 1000 })
      .where('key', '=', key)
      .execute();
    return true;
  });
}

/**
 * The key's row under a write lock, made (with nothing counted) when missing. ONE statement: an upsert
 * whose no-op update takes the row lock and returns the row, so nothing can delete it between making
 * and reading it (a separate insert and SELECT … FOR UPDATE could find it gone on PostgreSQL).
 */
function lockRow(trx: Kysely<Database>, key: string, now: number): Promise<LockRow> {
  return trx
    .insertInto('counters')
    .values({ key, count: 0, window_start: now, locked_until: null })
    .onConflict((oc) => oc.column('key').doUpdateSet({ key: (eb) => eb.ref('excluded.key') }))
    .returning(['count', 'window_start', 'locked_until'])
    .executeTakeFirstOrThrow();
}

/**
 * A correct password clears the failure count, but never an active lock (set meanwhile by a parallel
 * failure). Returns when the lock it cleared had ended (an unlock by time, observed now), or null.
 */
export async function clearFailures(db: Kysely<Database>, key: string, now: number): Promise<number | null> {
  // Unsynced: lost to a power cut, the count keeps the attempts this right password should have cleared;
  // at worst the person's attempts stay in use until resetCounterMinutes pass. Never a lock.
  const row = await unsyncedWrites(db, (conn) =>
    conn
      .deleteFrom('counters')
      .where('key', '=', key)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .returning('locked_until')
      .executeTakeFirst(),
  );
  return row?.locked_until ?? null;
}
