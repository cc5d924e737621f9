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
 * Checks the e-mail and current password. Every wrong password costs exactly two argon2 verifies, known
 * address or not (no enumeration by timing): an account whose accepted password is still waiting for
 * Microsoft 365 has two hashes that count as current (that one too: the person was told it is saved),
 * so every other refusal verifies the dummy hash in place of each one it lacks. A right password stops
 * at its match: that answer already says the account exists.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  email: string,
  password: string,
): Promise<Proven | null> {
  // The row and the newest pending hash in ONE statement, so one snapshot on SQLite and PostgreSQL
  // alike: read apart, Microsoft 365 confirming the change in between (the pending hash becomes
  // current, its row goes) hides the new password from both reads, and the person is told it is
  // wrong, which counts toward their lockout.
  const row = await db
    .selectFrom('users')
    .selectAll('users')
    .select((eb) =>
      eb
        .selectFrom('pending_passwords')
        .select('password_hash')
        .whereRef('pending_passwords.user_id', '=', 'users.id')
        .orderBy('created_at', 'desc')
        .limit(1)
        .as('pending_hash'),
    )
    .where('email', '=', email)
    .executeTakeFirst();
  const dummy = await dummyHash();
  // Measured before this held (npm run bench:refusal-timing, quiet machine): a refusal for an account
  // with a pending password took 14-19 ms (its second verify) longer at the median than for an unknown
  // address, at /signin, /change and /account/signin alike. The same two verifies on every refusal leave
  // nothing to time.
  if (row === undefined || row.password_hash === '') {
    // No account, or one still waiting for activation (no password yet): the dummy in place of both.
    await verifyPassword(dummy, password);
    await verifyPassword(dummy, password);
    return null;
  }
  const { pending_hash: pending, ...user } = row;
  if (await verifyPassword(user.password_hash, password)) return { user, provenHash: user.password_hash };
  // Nothing pending: the dummy in its place, so this refusal costs what one with a pending hash does.
  if ((await verifyPassword(pending ?? dummy, password)) && pending !== null)
    return { user, provenHash: pending };
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
