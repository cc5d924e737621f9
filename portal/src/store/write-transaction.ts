import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';
import { dialectOf } from './dialect-of.js';

export interface WriteOptions {
  /**
   * false: on SQLite, this commit is not synced to disk by itself (synchronous=NORMAL for it, instead of
   * the store's FULL). A power cut may lose it, and only it and what came after it: WAL commits are
   * kept in order, and the next synced commit or checkpoint syncs it too, so the file is never torn and
   * never holds a later commit without an earlier one (https://www.sqlite.org/pragma.html#pragma_synchronous).
   * On the event loop a synced commit is an fsync that holds every request (better-sqlite3 is
   * synchronous): only writes a restart can do without take this, each with its reason at the call.
   * PostgreSQL commits as always (its commits wait off the event loop). Default true.
   */
  synced?: boolean;
}

/**
 * A transaction that holds SQLite's write lock from its first statement (BEGIN IMMEDIATE), for work that
 * reads and then writes. A plain (deferred) transaction reads from a snapshot: if another process (the
 * `passgate` CLI, an admin tool) commits before this one's first write, SQLite cannot move the snapshot
 * on and fails that write at once with SQLITE_BUSY_SNAPSHOT ("database is locked"), busy_timeout or
 * not (https://www.sqlite.org/wal.html#sometimes_queries_return_sqlite_busy_in_wal_mode). With the lock
 * taken first, the other writer waits (or this one does, up to busy_timeout) and the reads are current.
 */
export function writeTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
  options: WriteOptions = {},
): Promise<T> {
  // PostgreSQL has no such upgrade failure: its row locks (FOR UPDATE in the port) do this job there.
  if (dialectOf(db) === 'postgres') return db.transaction().execute(work);
  return db.connection().execute((connection) =>
    withSqliteSync(connection, options.synced ?? true, async () => {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (error) {
        // SQLite may have rolled back already (a full disk): the work's own error is the one to keep.
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw error;
      }
    }),
  );
}

/**
 * Single statements (each its own commit) that are not synced to disk by themselves on SQLite: see
 * WriteOptions.synced for what that risks and why. PostgreSQL runs them as always, and so does a
 * transaction passed in (its commit, and how it is synced, belong to whoever opened it).
 */
export function unsyncedWrites<T>(
  db: Kysely<Database>,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (db.isTransaction || dialectOf(db) === 'postgres') return work(db);
  return db.connection().execute((connection) => withSqliteSync(connection, false, () => work(connection)));
}

/** Runs `work` with this connection's commits synced (FULL, the store's setting) or not (NORMAL). */
async function withSqliteSync<T>(
  connection: Kysely<Database>,
  synced: boolean,
  work: () => Promise<T>,
): Promise<T> {
  if (synced) return work();
  // Before BEGIN (SQLite refuses it inside a transaction), and past the plugins: it is no statement of
  // the work, and none of them (the wipe watcher, a test's probe) has anything to see in it. The dialect
  // notes these two and switches only when a statement that can commit comes with the other level in
  // force (sqlite-dialect.ts): consecutive unsynced writes share one switch.
  const bare = connection.withoutPlugins();
  await sql`pragma synchronous = NORMAL`.execute(bare);
  try {
    return await work();
  } finally {
    // The store's own setting (openSqlite): every other commit survives power loss.
    await sql`pragma synchronous = FULL`.execute(bare);
  }
}

/** writeTransaction with `synced: false`: see WriteOptions.synced, and say at the call why it may be lost. */
export function unsyncedTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  return writeTransaction(db, work, { synced: false });
}
