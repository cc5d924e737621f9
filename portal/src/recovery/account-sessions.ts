import type { Kysely } from 'kysely';
import type { UserRow } from '../accounts/check-credentials.js';
import { hashOpaqueToken, newOpaqueToken } from '../accounts/opaque-token.js';
import type { RecoveryConfig } from '../config/recovery-config-schema.js';
import type { Database } from '../store/database-schema.js';

/** account_pending: the password is proven, a second factor is still to come. account: signed in. */
export type AccountStage = 'account_pending' | 'account';

/** An opaque random token for the security-info cookie; the database keeps only its hash. */
export interface AccountSessionGrant {
  token: string;
  stage: AccountStage;
  /** When the session ends at the latest (the cookie's expiry); idle, it ends sooner. */
  expiresAt: Date;
}

type Lifetimes = Pick<RecoveryConfig, 'sessionIdleMinutes' | 'sessionMaxMinutes'>;

/**
 * Opens a security-info session in portal_sessions, bound to the credential version the password was
 * proven at (`user.credential_version` as read then): once another password is accepted anywhere (a
 * change, a reset, an admin), the version moves on and the session is worthless. It ends after
 * `sessionIdleMinutes` without use, and after `sessionMaxMinutes` whatever happens.
 */
export async function openAccountSession(
  db: Kysely<Database>,
  user: Pick<UserRow, 'id' | 'credential_version'>,
  stage: AccountStage,
  now: number,
  lifetimes: Lifetimes,
): Promise<AccountSessionGrant> {
  const token = newOpaqueToken();
  await db
    .insertInto('portal_sessions')
    .values({
      token_hash: hashOpaqueToken(token),
      user_id: user.id,
      purpose: stage,
      credential_version: user.credential_version,
      expires_at: now + lifetimes.sessionIdleMinutes * 60_000,
      created_at: now,
    })
    .execute();
  return { token, stage, expiresAt: new Date(now + lifetimes.sessionMaxMinutes * 60_000) };
}

/**
 * The session's user, or null when the token is unknown, of another stage, idle too long or too old,
 * bound to a password that is no longer current, or the account is suspended. A live session's idle
 * time starts again (never past its maximum age).
 */
export async function findAccountSession(
  db: Kysely<Database>,
  token: string,
  stage: AccountStage,
  now: number,
  lifetimes: Lifetimes,
): Promise<UserRow | null> {
  if (token.length === 0 || token.length > 200) return null;
  const tokenHash = hashOpaqueToken(token);
  const row = await db
    .selectFrom('portal_sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select(['s.created_at as session_created_at'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.purpose', '=', stage)
    .where('s.expires_at', '>', now)
    .where('s.created_at', '>', now - lifetimes.sessionMaxMinutes * 60_000)
    .whereRef('s.credential_version', '=', 'u.credential_version')
    .executeTakeFirst();
  if (row === undefined) return null;
  const { session_created_at: createdAt, ...user } = row;
  if (user.status === 'suspended') return null;
  const idleEnd = Math.min(
    now + lifetimes.sessionIdleMinutes * 60_000,
    createdAt + lifetimes.sessionMaxMinutes * 60_000,
  );
  await db
    .updateTable('portal_sessions')
    .set({ expires_at: idleEnd })
    .where('token_hash', '=', tokenHash)
    .execute();
  return user;
}

/** Ends one session (sign out; a pending session once its factor is proven). */
export async function endAccountSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('portal_sessions').where('token_hash', '=', hashOpaqueToken(token)).execute();
}
