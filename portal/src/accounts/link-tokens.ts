import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import type { LinkPurpose } from './account-service.js';
import type { UserRow } from './check-credentials.js';
import { hashOpaqueToken, newOpaqueToken } from './opaque-token.js';

/**
 * Issues a link token (call in a transaction). With `replace` (an admin sending a new welcome link, who
 * means it) the user's older open links of that purpose end. Otherwise links live side by side until
 * one is used or they expire: a request anyone can make for any address must not kill the link the
 * person is about to click.
 */
export async function issueLink(
  trx: Kysely<Database>,
  userId: string,
  purpose: LinkPurpose,
  now: number,
  ttlMs: number,
  options: { replace: boolean },
): Promise<{ token: string; expiresAt: number }> {
  const [link] = await issueLinks(trx, [userId], purpose, now, ttlMs, options);
  return link as { token: string; expiresAt: number };
}

/** issueLink for several users at once (an import's welcome links), in two statements; in order. */
export async function issueLinks(
  trx: Kysely<Database>,
  userIds: readonly string[],
  purpose: LinkPurpose,
  now: number,
  ttlMs: number,
  options: { replace: boolean },
): Promise<{ token: string; expiresAt: number }[]> {
  if (userIds.length === 0) return [];
  if (options.replace) await invalidateOpenLinks(trx, userIds, purpose, now);
  const tokens = userIds.map(() => newOpaqueToken());
  await trx
    .insertInto('link_tokens')
    .values(
      userIds.map((userId, i) => ({
        token_hash: hashOpaqueToken(tokens[i] as string),
        user_id: userId,
        purpose,
        expires_at: now + ttlMs,
        created_at: now,
        used_at: null,
        invalidated_at: null,
      })),
    )
    .execute();
  return tokens.map((token) => ({ token, expiresAt: now + ttlMs }));
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

/**
 * Marks the link used and ends the user's other open links of its purpose (one mail is enough to get
 * back in; the others must not stay usable). False when another request used it first (two tabs).
 */
export async function useLink(
  trx: Kysely<Database>,
  link: { tokenHash: string; userId: string; purpose: LinkPurpose },
  now: number,
): Promise<boolean> {
  const result = await trx
    .updateTable('link_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', link.tokenHash)
    .where('used_at', 'is', null)
    .where('invalidated_at', 'is', null)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return false;
  await invalidateOpenLinks(trx, [link.userId], link.purpose, now);
  return true;
}

/** True when the user holds a link of this purpose that still works. */
export async function hasOpenLink(
  db: Kysely<Database>,
  userId: string,
  purpose: LinkPurpose,
  now: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('link_tokens')
    .select('token_hash')
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('invalidated_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

async function invalidateOpenLinks(
  trx: Kysely<Database>,
  userIds: readonly string[],
  purpose: LinkPurpose,
  now: number,
): Promise<void> {
  await trx
    .updateTable('link_tokens')
    .set({ invalidated_at: now })
    .where('user_id', 'in', userIds)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('invalidated_at', 'is', null)
    .execute();
}

/** Gives a link back after Microsoft 365 refused the password it set: the person picks another one. */
export async function reopenLink(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.updateTable('link_tokens').set({ used_at: null }).where('token_hash', '=', tokenHash).execute();
}
