import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import type { SessionGrant } from './account-service.js';
import type { UserRow } from './check-credentials.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

/**
 * Starts a set-password session for an expired account (the only thing such a session can do). It holds
 * only while the password it was opened with is current: `user.credential_version` as read when that
 * password was checked, so a change committed meanwhile already ends it.
 */
export async function startSession(
  db: Kysely<Database>,
  user: Pick<UserRow, 'id' | 'credential_version'>,
  now: number,
  minutes: number,
): Promise<SessionGrant> {
  const token = newOpaqueToken();
  const expiresAt = now + minutes * 60_000;
  await db
    .insertInto('portal_sessions')
    .values({
      token_hash: hashOpaqueToken(token),
      user_id: user.id,
      purpose: 'set_password',
      credential_version: user.credential_version,
      expires_at: expiresAt,
      created_at: now,
    })
    .execute();
  return { token, expiresAt: new Date(expiresAt), purpose: 'set_password' };
}

/** The session's user, or null when the token is unknown, ended or expired, or a newer password was accepted since. */
export async function findSessionUser(
  db: Kysely<Database>,
  token: string,
  now: number,
): Promise<{ user: UserRow; expiresAt: number } | null> {
  if (token.length === 0 || token.length > 200) return null;
  const row = await db
    .selectFrom('portal_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.expires_at as session_expires_at'])
    .where('s.token_hash', '=', hashOpaqueToken(token))
    // Only a set-password session: a security-info session (account_pending, account) never sets a password.
    .where('s.purpose', '=', 'set_password')
    .where('s.expires_at', '>', now)
    .whereRef('s.credential_version', '=', 'u.credential_version')
    .executeTakeFirst();
  if (row === undefined) return null;
  const { session_expires_at, ...user } = row;
  return { user, expiresAt: session_expires_at };
}

/**
 * Spends the session on the password it sets, inside the accepting transaction: it follows the credential
 * version on, so if Microsoft 365 refuses that password the person may pick another with the same session,
 * while every other session of the user ends. False when the session was ended or moved on meanwhile.
 */
export async function carrySessionOver(
  trx: Kysely<Database>,
  token: string,
  provenVersion: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('portal_sessions')
    .set({ credential_version: provenVersion + 1 })
    .where('token_hash', '=', hashOpaqueToken(token))
    .where('credential_version', '=', provenVersion)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function endSessionByToken(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('token_hash', '=', hashOpaqueToken(token)).execute();
}

/** A reset or a completed change ends every portal session of the user. */
export async function endUserSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('user_id', '=', userId).execute();
}
