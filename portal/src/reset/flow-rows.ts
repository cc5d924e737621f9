import type { Kysely, Selectable } from 'kysely';
import type { UserRow } from '../accounts/check-credentials.js';
import { hashOpaqueToken, newOpaqueToken } from '../accounts/opaque-token.js';
import type { ProofKind } from '../notifications/index.js';
import type { Database, ResetFlowsTable } from '../store/database-schema.js';
import { FLOW_MINUTES } from './reset-limits.js';

/** A live flow as read, with its account (null for an address that has none). */
export interface FlowRow {
  tokenHash: string;
  email: string;
  user: UserRow | null;
  needed: number;
  proven: ProofKind[];
  expiresAt: number;
}

/**
 * Opens a flow for the address typed: the same one insert whether or not it has an account (`user`
 * null), and the same token and cookie. `proven`: a flow continued from a reset link starts with the
 * work mailbox proven.
 */
export async function openFlow(
  db: Kysely<Database>,
  input: { email: string; user: UserRow | null; needed: number; proven: readonly ProofKind[] },
  now: number,
): Promise<{ token: string; expiresAt: number }> {
  const token = newOpaqueToken();
  const expiresAt = now + FLOW_MINUTES * 60_000;
  await db
    .insertInto('reset_flows')
    .values({
      token_hash: hashOpaqueToken(token),
      email: input.email,
      user_id: input.user?.id ?? null,
      credential_version: input.user?.credential_version ?? 0,
      needed: input.needed,
      proven: input.proven.join(','),
      code_hash: null,
      code_target: null,
      code_expires_at: null,
      code_used_at: null,
      created_at: now,
      expires_at: expiresAt,
      used_at: null,
    })
    .execute();
  return { token, expiresAt };
}

function proofsOf(row: Pick<Selectable<ResetFlowsTable>, 'proven'>): ProofKind[] {
  return row.proven.split(',').filter((kind): kind is ProofKind => kind !== '');
}

/**
 * The live flow behind a cookie's token, or null: unknown, expired, spent, or its account's password
 * changed since it began (a proof made for one password holds nothing after another was accepted).
 */
export async function findFlow(db: Kysely<Database>, token: string, now: number): Promise<FlowRow | null> {
  if (token.length === 0 || token.length > 200) return null;
  const tokenHash = hashOpaqueToken(token);
  const row = await db
    .selectFrom('reset_flows')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (row === undefined) return null;
  const user =
    row.user_id === null
      ? null
      : ((await db.selectFrom('users').selectAll().where('id', '=', row.user_id).executeTakeFirst()) ?? null);
  if (row.user_id !== null && (user === null || user.credential_version !== row.credential_version))
    return null;
  return {
    tokenHash,
    email: row.email,
    user,
    needed: row.needed,
    proven: proofsOf(row),
    expiresAt: row.expires_at,
  };
}

/** Ends a flow at once (too many wrong codes, or the person starts again): it proves nothing more. */
export async function endFlow(db: Kysely<Database>, tokenHash: string, now: number): Promise<void> {
  await db
    .updateTable('reset_flows')
    .set({ expires_at: now })
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .execute();
}
