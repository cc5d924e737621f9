import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

export interface NewPasskeyChallenge {
  bindingHash: string;
  purpose: string;
  challenge: string;
  userId: string | null;
  expiresAt: number;
}

/**
 * Stores the challenge of a passkey ceremony, replacing the live one of the same binding and purpose:
 * one upsert, so a browser that asks again (a second tab, a retry) holds only the newest challenge.
 */
export async function replacePasskeyChallenge(
  db: Kysely<Database>,
  row: NewPasskeyChallenge,
  now: number,
): Promise<void> {
  const values = {
    challenge: row.challenge,
    user_id: row.userId,
    expires_at: row.expiresAt,
    created_at: now,
  };
  await db
    .insertInto('passkey_challenges')
    .values({ binding_hash: row.bindingHash, purpose: row.purpose, ...values })
    .onConflict((oc) => oc.columns(['binding_hash', 'purpose']).doUpdateSet(values))
    .execute();
}

/**
 * Takes the live challenge of a binding and purpose, for one answer only: ONE DELETE … RETURNING, so of
 * any number of answers sent at once (a double submit, a replayed form, two instances) exactly one gets
 * the challenge, on SQLite (one writer) and PostgreSQL (the second DELETE waits on the row lock, then finds
 * it gone) alike. A challenge past its expiry is deleted all the same and answers null.
 */
export async function takePasskeyChallenge(
  db: Kysely<Database>,
  key: { bindingHash: string; purpose: string },
  now: number,
): Promise<{ challenge: string; userId: string | null } | null> {
  const row = await db
    .deleteFrom('passkey_challenges')
    .where('binding_hash', '=', key.bindingHash)
    .where('purpose', '=', key.purpose)
    .returning(['challenge', 'user_id', 'expires_at'])
    .executeTakeFirst();
  if (row === undefined || row.expires_at <= now) return null;
  return { challenge: row.challenge, userId: row.user_id };
}

export interface NewPasskey {
  id: string;
  userId: string;
  label: string;
  credentialId: string;
  publicKey: Uint8Array;
  signCount: number;
  transports: string | null;
  now: number;
  /** Not usable for a reset before this (ms; see recovery/cooling-off.ts); null or absent: at once. */
  usableFrom?: number | null;
}

/**
 * Adds a confirmed passkey unless its credential id is registered already (to anyone): the column's
 * unique index decides, and ON CONFLICT DO NOTHING turns the loser of a race into "false" instead of an
 * error (which on PostgreSQL would also abort the caller's transaction).
 */
export async function insertPasskey(db: Kysely<Database>, passkey: NewPasskey): Promise<boolean> {
  const row = await db
    .insertInto('recovery_methods')
    .values({
      id: passkey.id,
      user_id: passkey.userId,
      kind: 'passkey',
      label: passkey.label,
      created_at: passkey.now,
      confirmed_at: passkey.now,
      last_used_at: null,
      email: null,
      totp_secret: null,
      totp_last_step: null,
      credential_id: passkey.credentialId,
      public_key: passkey.publicKey,
      sign_count: passkey.signCount,
      transports: passkey.transports,
      usable_from: passkey.usableFrom ?? null,
    })
    .onConflict((oc) => oc.column('credential_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Accepts a passkey's signature counter, once: ONE conditional UPDATE that stores the new counter only if
 * it moved forward, or if the authenticator keeps no counter at all (0 then and 0 now: many synced
 * passkeys, which cannot show a clone this way). Two answers carrying the same non-zero counter (a cloned
 * key used in parallel) race on this one statement and exactly one wins; the other, and any counter at or
 * below the stored one, is refused (WebAuthn §7.2 step 22: a counter that does not grow is a sign of a
 * cloned authenticator). Each answer also spent its own single-use challenge before it got here.
 */
export async function advancePasskeyCounter(
  db: Kysely<Database>,
  methodId: string,
  counter: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_methods')
    .set({ sign_count: counter, last_used_at: now })
    .where('id', '=', methodId)
    .where('kind', '=', 'passkey')
    .where((eb) =>
      counter === 0
        ? eb('sign_count', '=', 0)
        : eb.or([eb('sign_count', 'is', null), eb('sign_count', '<', counter)]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
