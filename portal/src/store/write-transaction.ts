import { type Kysely, sql } from 'kysely';
import type { Database } from './database-schema.js';
import { dialectOf } from './dialect-of.js';

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
): Promise<T> {
  // PostgreSQL has no such upgrade failure: its row locks (FOR UPDATE in the port) do this job there.
  if (dialectOf(db) === 'postgres') return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
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
  });
}
