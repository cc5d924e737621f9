import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Accepts an authenticator (TOTP) time step for the method, once: ONE conditional UPDATE that moves the
 * method's last accepted step forward only if this step is newer. Two requests with the same code (a
 * replay, a double submit, two instances) race on that single statement and exactly one wins, on SQLite
 * (one writer) and PostgreSQL (the row lock makes the second re-check the condition) alike. A step at or
 * before the last accepted one is refused too: RFC 6238 §5.2 says a verifier must not accept the second
 * attempt of the same OTP, and an older step is a code someone may have seen used.
 */
export async function acceptTotpStep(
  db: Kysely<Database>,
  methodId: string,
  step: number,
  now: number,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_methods')
    .set({ totp_last_step: step, last_used_at: now })
    .where('id', '=', methodId)
    .where('kind', '=', 'totp')
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Spends one recovery code: ONE conditional UPDATE on the unused code with this hash. However many
 * requests present the same code at once, one of them sees a row updated; the rest find it used.
 * `forReset`: a code still in its cooling-off (recovery/cooling-off.ts) is as if it did not exist.
 */
export async function consumeRecoveryCodeHash(
  db: Kysely<Database>,
  userId: string,
  codeHash: string,
  now: number,
  forReset = false,
): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .$if(forReset, (qb) =>
      qb.where((eb) => eb.or([eb('usable_from', 'is', null), eb('usable_from', '<=', now)])),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface NewEmailCode {
  userId: string;
  purpose: string;
  target: string;
  codeHash: string;
  expiresAt: number;
}

/**
 * Stores a new mailed code for the person and purpose, replacing the last one (its tries and all): one
 * upsert, so only the newest code a person was sent works. Call in the transaction that queues the mail.
 */
export async function replaceEmailCode(db: Kysely<Database>, code: NewEmailCode, now: number): Promise<void> {
  const row = {
    target: code.target,
    code_hash: code.codeHash,
    tries: 0,
    expires_at: code.expiresAt,
    created_at: now,
    used_at: null,
  };
  await db
    .insertInto('email_codes')
    .values({ user_id: code.userId, purpose: code.purpose, ...row })
    .onConflict((oc) => oc.columns(['user_id', 'purpose']).doUpdateSet(row))
    .execute();
}

export type EmailCodeTry =
  /** The code was right: it is spent now; `target` is the address it was sent to. */
  | { status: 'accepted'; target: string }
  /** Wrong: `triesLeft` more may be made before a new code is needed. */
  | { status: 'wrong'; triesLeft: number }
  /** No live code: none sent, expired, already used, or its tries are used up. */
  | { status: 'none' };

/**
 * Counts one try of a mailed code and spends the code if `codeHash` is its hash: ONE conditional UPDATE
 * that only touches a live code with tries left, and RETURNING says what it did. Parallel tries cannot
 * exceed `maxTries` between them (each increments under the row's write lock, the condition re-checked),
 * and a right code is spent by exactly one of them.
 */
export async function tryEmailCode(
  db: Kysely<Database>,
  key: { userId: string; purpose: string },
  codeHash: string,
  maxTries: number,
  now: number,
): Promise<EmailCodeTry> {
  const row = await db
    .updateTable('email_codes')
    .set((eb) => ({
      tries: eb('tries', '+', 1),
      used_at: eb.case().when('code_hash', '=', codeHash).then(now).else(null).end(),
    }))
    .where('user_id', '=', key.userId)
    .where('purpose', '=', key.purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .where('tries', '<', maxTries)
    .returning(['used_at', 'target', 'tries'])
    .executeTakeFirst();
  if (row === undefined) return { status: 'none' };
  if (row.used_at !== null) return { status: 'accepted', target: row.target };
  return { status: 'wrong', triesLeft: Math.max(0, maxTries - row.tries) };
}
