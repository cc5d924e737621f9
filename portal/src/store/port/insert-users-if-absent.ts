import type { Insertable, Kysely } from 'kysely';
import type { Database, UsersTable } from '../database-schema.js';

/**
 * Inserts each user unless one with the same e-mail exists; returns the e-mails inserted. Another writer
 * (an admin's `users add`, a second import, another portal instance) may add an address between a
 * caller's read and this insert: `INSERT … ON CONFLICT (email) DO NOTHING RETURNING email` decides
 * atomically, row by row, on both SQLite and PostgreSQL and, unlike a unique-violation error, leaves a
 * PostgreSQL transaction usable. On PostgreSQL a row whose address another open transaction has just
 * inserted waits for that transaction; rows go in sorted by e-mail so that two such writers, each
 * inserting once per transaction, always wait in the same order and never deadlock.
 */
export async function insertUsersIfAbsent(
  trx: Kysely<Database>,
  rows: readonly Insertable<UsersTable>[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await trx
    .insertInto('users')
    .values([...rows].sort((x, y) => (x.email < y.email ? -1 : x.email > y.email ? 1 : 0)))
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('email')
    .execute();
  return new Set(inserted.map((row) => row.email));
}
