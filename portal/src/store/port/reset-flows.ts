import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import type { EmailCodeTry } from './recovery-factors.js';

/**
 * The reset flow's statements whose correctness depends on concurrency (two tabs, a double submit, several
 * instances): each is ONE conditional UPDATE … RETURNING on the flow's row, so its condition is decided
 * under the row's write lock (SQLite's one writer; PostgreSQL re-checks the WHERE of a locked row).
 * Every one touches only a live flow: not spent, not expired.
 */

/**
 * Records that the flow proved `kind`, once: appended to `proven` unless it is there already. Two proofs
 * of different kinds at once both land (the list is extended in SQL, never rewritten from a stale read).
 * Returns the kinds proven afterwards, or null when the flow is no longer live.
 */
export async function addProvenKind(
  db: Kysely<Database>,
  tokenHash: string,
  kind: string,
  now: number,
): Promise<string[] | null> {
  await db
    .updateTable('reset_flows')
    .set({
      proven: sql<string>`CASE WHEN proven = '' THEN ${kind} ELSE proven || ',' || ${kind} END`,
    })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where(sql<boolean>`',' || proven || ',' NOT LIKE ${`%,${kind},%`}`)
    .execute();
  const row = await db
    .selectFrom('reset_flows')
    .select('proven')
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row === undefined ? null : row.proven.split(',').filter((k) => k !== '');
}

/** Counts one wrong code in the flow; returns the count now, or null when the flow is no longer live. */
export async function countFlowFailure(
  db: Kysely<Database>,
  tokenHash: string,
  now: number,
): Promise<number | null> {
  const row = await db
    .updateTable('reset_flows')
    .set((eb) => ({ failures: eb('failures', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('failures')
    .executeTakeFirst();
  return row?.failures ?? null;
}

/**
 * Gives the flow a new mailed code (its tries start again; the last code stops working), counting one send
 * against `maxSends`: false when the flow has sent that many already or is no longer live.
 */
export async function replaceFlowCode(
  db: Kysely<Database>,
  tokenHash: string,
  code: { codeHash: string; target: string | null; expiresAt: number },
  maxSends: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('reset_flows')
    .set((eb) => ({
      sends: eb('sends', '+', 1),
      code_hash: code.codeHash,
      code_target: code.target,
      code_tries: 0,
      code_expires_at: code.expiresAt,
      code_used_at: null,
    }))
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('sends', '<', maxSends)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Counts one try of the flow's mailed code and spends it if `codeHash` is its hash, exactly as
 * tryEmailCode does for the email_codes table: at most `maxTries` between parallel tries, the right code
 * spent by one of them. `target` (accepted) is where the code went.
 */
export async function tryFlowCode(
  db: Kysely<Database>,
  tokenHash: string,
  codeHash: string,
  maxTries: number,
  now: number,
): Promise<EmailCodeTry> {
  const row = await db
    .updateTable('reset_flows')
    .set((eb) => ({
      code_tries: eb('code_tries', '+', 1),
      code_used_at: eb.case().when('code_hash', '=', codeHash).then(now).else(null).end(),
    }))
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('code_used_at', 'is', null)
    .where('code_expires_at', '>', now)
    .where('code_tries', '<', maxTries)
    .returning(['code_used_at', 'code_target', 'code_tries'])
    .executeTakeFirst();
  if (row === undefined) return { status: 'none' };
  if (row.code_used_at !== null) return { status: 'accepted', target: row.code_target ?? '' };
  return { status: 'wrong', triesLeft: Math.max(0, maxTries - row.code_tries) };
}

/**
 * Spends a complete flow (a new password, an unlock): true for exactly one of several requests that try
 * at once. Call in the transaction that acts on it; reopenFlow gives it back when that act was refused.
 */
export async function spendFlow(db: Kysely<Database>, tokenHash: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('reset_flows')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    // Complete: as many kinds proven as it needs (a non-empty list has one kind more than commas).
    .where(sql<boolean>`proven <> '' AND LENGTH(proven) - LENGTH(REPLACE(proven, ',', '')) + 1 >= needed`)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Gives a spent flow back (Microsoft 365 refused the password it set): the person may choose another
 * without proving their methods again (a recovery code would be gone). Accepting that password moved
 * the account's credential version on by one, which alone would end the flow (findFlow): the flow moves
 * with it, but only when that one step is all that happened since it began. Had any other password been
 * accepted meanwhile, the proofs are for an older password and the flow stays spent. One conditional
 * UPDATE, the version read in the same statement. True when the flow can be used again.
 */
export async function reopenFlow(db: Kysely<Database>, tokenHash: string): Promise<boolean> {
  const result = await db
    .updateTable('reset_flows')
    .set((eb) => ({ used_at: null, credential_version: eb('credential_version', '+', 1) }))
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is not', null)
    .where(({ eb, selectFrom }) =>
      eb(
        eb('credential_version', '+', 1),
        '=',
        selectFrom('users')
          .select('users.credential_version')
          .whereRef('users.id', '=', 'reset_flows.user_id'),
      ),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Raises the number of kinds a live flow needs (its account became an admin, or the policy asks for
 * more, since it began), never lowers it: spendFlow's condition then holds the flow to the new number
 * too. One conditional UPDATE, so two requests raising it at once leave the larger.
 */
export async function raiseFlowNeeded(
  db: Kysely<Database>,
  tokenHash: string,
  needed: number,
  now: number,
): Promise<void> {
  await db
    .updateTable('reset_flows')
    .set({ needed })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('needed', '<', needed)
    .execute();
}
