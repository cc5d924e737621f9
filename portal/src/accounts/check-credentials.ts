import type { Kysely, Selectable } from 'kysely';
import { dummyHash, verifyPassword } from '../crypto/password-hasher.js';
import type { Database, UsersTable } from '../store/database-schema.js';

export type UserRow = Selectable<UsersTable>;

/** A user whose password was proven, and the stored hash it matched (current or pending). */
export interface Proven {
  user: UserRow;
  provenHash: string;
}

/**
 * Checks the e-mail and current password. An unknown e-mail is verified against a dummy hash so the
 * answer takes as long as for a real account (no enumeration by timing). A password that is accepted
 * and still waiting for Microsoft 365 also counts as current: the person was told it is saved.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  email: string,
  password: string,
): Promise<Proven | null> {
  // The row and the newest pending hash are read in ONE snapshot: read apart, Microsoft 365 confirming
  // the change in between (the pending hash becomes current, its row goes) hides the new password from
  // both reads, and the person is told it is wrong, which counts toward their lockout.
  const { user, pending } = await db.transaction().execute(async (trx) => {
    const user = await trx.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    const pending =
      user === undefined
        ? undefined
        : await trx
            .selectFrom('pending_passwords')
            .select('password_hash')
            .where('user_id', '=', user.id)
            .orderBy('created_at', 'desc')
            .limit(1)
            .executeTakeFirst();
    return { user, pending };
  });
  // No account, or one still waiting for activation (no password yet): the same dummy work, the same null.
  if (user === undefined || user.password_hash === '') {
    await verifyPassword(await dummyHash(), password);
    return null;
  }
  if (await verifyPassword(user.password_hash, password)) return { user, provenHash: user.password_hash };
  if (pending !== undefined && (await verifyPassword(pending.password_hash, password))) {
    return { user, provenHash: pending.password_hash };
  }
  return null;
}

/**
 * True when `newPassword` is the current one, a pending one, or one of the last `historyCount` retired
 * ones. At least the current password is always checked: "changing" to the same password would reset
 * its age. The hash the person just proved is compared as text (new === current), not hashed again:
 * each argon2 verify is the portal's scarcest resource.
 */
export async function isReused(
  db: Kysely<Database>,
  proven: Proven,
  currentPassword: string,
  newPassword: string,
  historyCount: number,
): Promise<boolean> {
  if (newPassword === currentPassword) return true;
  const { user } = proven;
  const retired = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', user.id)
    .orderBy('id', 'desc')
    .limit(Math.max(0, historyCount - 1))
    .execute();
  const pending = await db
    .selectFrom('pending_passwords')
    .select('password_hash')
    .where('user_id', '=', user.id)
    .execute();
  const hashes = [
    user.password_hash,
    ...pending.map((p) => p.password_hash),
    ...retired.map((r) => r.password_hash),
  ];
  const others = hashes.filter((hash) => hash !== proven.provenHash);
  const matches = await Promise.all(others.map((hash) => verifyPassword(hash, newPassword)));
  return matches.some(Boolean);
}
