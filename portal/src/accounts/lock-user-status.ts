import type { Kysely } from 'kysely';
import type { Database, UserStatus } from '../store/database-schema.js';

/**
 * The user's status as it is now, read inside the transaction that accepts a new password. Everything
 * before that transaction (the link or session check, argon2) may be stale: an admin's suspension can
 * commit in between, and a password queued after its disable job would re-enable the account in
 * Microsoft 365. A no-op write comes first so SQLite hands this transaction the write lock before the
 * read: a suspension from another process (the CLI) is then either visible here or waits for us, and
 * the read never works from an older snapshot (PostgreSQL would say SELECT … FOR UPDATE).
 * Null when the user no longer exists.
 */
export async function lockUserStatus(trx: Kysely<Database>, userId: string): Promise<UserStatus | null> {
  const row = await trx
    .updateTable('users')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', userId)
    .returning('status')
    .executeTakeFirst();
  return row?.status ?? null;
}
