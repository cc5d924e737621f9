import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import type { LinkPurpose } from './account-service.js';
import type { UserRow } from './check-credentials.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

/**
 * Issues a link token (call in a transaction). Older open links of the same purpose are invalidated:
 * only the newest mail works, so an old mail found later in a shared mailbox is useless.
 */
export async function issueLink(
  trx: Kysely<Database>,
  userId: string,
  purpose: LinkPurpose,
  now: number,
  ttlMs: number,
): Promise<{ token: string; expiresAt: number }> {
  await trx
    .updateTable('link_tokens')
    .set({ invalidated_at: now })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('invalidated_at', 'is', null)
    .execute();
  const token = newOpaqueToken();
  await trx
    .insertInto('link_tokens')
    .values({
      token_hash: hashOpaqueToken(token),
      user_id: userId,
      purpose,
      expires_at: now + ttlMs,
      created_at: now,
      used_at: null,
      invalidated_at: null,
    })
    .execute();
  return { token, expiresAt: now + ttlMs };
}

export interface OpenLink {
  tokenHash: string;
  user: UserRow;
  expiresAt: number;
}

/** The link's user while the link is usable (not used, not superseded, not expired, right purpose), else null. */
export async function findOpenLink(
  db: Kysely<Database>,
  token: string,
  purpose: LinkPurpose,
  now: number,
): Promise<OpenLink | null> {
  if (token.length === 0 || token.length > 200) return null;
  const tokenHash = hashOpaqueToken(token);
  const row = await db
    .selectFrom('link_tokens as l')
    .innerJoin('users as u', 'u.id', 'l.user_id')
    .selectAll('u')
    .select(['l.expires_at as link_expires_at'])
    .where('l.token_hash', '=', tokenHash)
    .where('l.purpose', '=', purpose)
    .where('l.used_at', 'is', null)
    .where('l.invalidated_at', 'is', null)
    .where('l.expires_at', '>', now)
    .executeTakeFirst();
  if (row === undefined) return null;
  const { link_expires_at, ...user } = row;
  return { tokenHash, user, expiresAt: link_expires_at };
}

/** Marks the link used; false when another request used it first (two tabs submitting at once). */
export async function useLink(trx: Kysely<Database>, tokenHash: string, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('link_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('invalidated_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Gives a link back after Microsoft 365 refused the password it set: the person picks another one. */
export async function reopenLink(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.updateTable('link_tokens').set({ used_at: null }).where('token_hash', '=', tokenHash).execute();
}
