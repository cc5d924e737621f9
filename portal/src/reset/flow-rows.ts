import type { Kysely, Selectable } from 'kysely';
import type { UserRow } from '../accounts/check-credentials.js';
import { hashOpaqueToken, newOpaqueToken } from '../accounts/opaque-token.js';
import type { ProofKind } from '../notifications/index.js';
import { EMAIL_CODE_TRIES } from '../recovery/email-codes.js';
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
  /** Whether a code mailed in this flow can still be typed (asked for, unexpired, unused, tries left). */
  codeLive: boolean;
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
 * The flow and its account are read in ONE statement (a left join), the same for an address with no
 * account: every /reset step after the address is typed reads it, unlimited (GET /reset/verify), so a
 * second statement for known addresses alone would time them apart at will.
 */
export async function findFlow(db: Kysely<Database>, token: string, now: number): Promise<FlowRow | null> {
  if (token.length === 0 || token.length > 200) return null;
  const tokenHash = hashOpaqueToken(token);
  const row = await db
    .selectFrom('reset_flows')
    .leftJoin('users', 'users.id', 'reset_flows.user_id')
    .selectAll('users')
    // The flow's own columns under names of their own: users has an email, a credential_version … too.
    .select([
      'reset_flows.email as flow_email',
      'reset_flows.user_id as flow_user_id',
      'reset_flows.credential_version as flow_credential_version',
      'reset_flows.needed as flow_needed',
      'reset_flows.proven as flow_proven',
      'reset_flows.expires_at as flow_expires_at',
      'reset_flows.code_expires_at as flow_code_expires_at',
      'reset_flows.code_used_at as flow_code_used_at',
      'reset_flows.code_tries as flow_code_tries',
    ])
    .where('reset_flows.token_hash', '=', tokenHash)
    .where('reset_flows.used_at', 'is', null)
    .where('reset_flows.expires_at', '>', now)
    .executeTakeFirst();
  if (row === undefined) return null;
  const {
    flow_email: email,
    flow_user_id: userId,
    flow_credential_version: credentialVersion,
    flow_needed: needed,
    flow_proven: proven,
    flow_expires_at: expiresAt,
    flow_code_expires_at: codeExpiresAt,
    flow_code_used_at: codeUsedAt,
    flow_code_tries: codeTries,
    ...columns
  } = row;
  // Every users column is null when the join found no account: its id, never null in a users row, says which.
  const user = columns.id === null ? null : (columns as UserRow);
  if (userId !== null && (user === null || user.credential_version !== credentialVersion)) return null;
  const codeLive =
    codeExpiresAt !== null && codeExpiresAt > now && codeUsedAt === null && codeTries < EMAIL_CODE_TRIES;
  return { tokenHash, email, user, needed, proven: proofsOf({ proven }), expiresAt, codeLive };
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
