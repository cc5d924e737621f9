import type { Kysely } from 'kysely';
import type { Database, UserStatus } from '../database-schema.js';

/**
 * The user's status and credential version as they are now, read inside the transaction that accepts a
 * new password. Everything before it (the password or link check, argon2) may be stale: an admin's
 * suspension can commit in between, and so can another request that proved the same old password. A
 * no-op write comes first so SQLite hands this transaction the write lock before the read: a write from
 * another process is then either visible here or waits for us, and the read never works from an older
 * snapshot (PostgreSQL would say SELECT … FOR UPDATE). Null when the user no longer exists.
 */
export async function lockCredential(
  trx: Kysely<Database>,
  userId: string,
): Promise<{ status: UserStatus; version: number; userChangedAt: number | null } | null> {
  const row = await trx
    .updateTable('users')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', userId)
    .returning(['status', 'credential_version', 'user_changed_at'])
    .executeTakeFirst();
  return row === undefined
    ? null
    : {
        status: row.status,
        version: row.credential_version,
        userChangedAt: row.user_changed_at === null ? null : Number(row.user_changed_at),
      };
}

/**
 * A new password is accepted: the version moves on, so a proof of the old password (a portal session,
 * a second request that proved it in parallel) no longer holds. Call after lockCredential, same transaction.
 */
export async function advanceCredential(trx: Kysely<Database>, userId: string): Promise<void> {
  await trx
    .updateTable('users')
    .set((eb) => ({ credential_version: eb('credential_version', '+', 1) }))
    .where('id', '=', userId)
    .execute();
}
