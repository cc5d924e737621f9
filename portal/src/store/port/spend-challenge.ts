import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Marks a solved proof of work as used; true the first time, false ever after. ONE insert whose
 * primary key decides: of any number of requests carrying the same solution, on any number of
 * instances, exactly one inserts the row (SQLite's single writer, PostgreSQL's unique index; ON
 * CONFLICT DO NOTHING turns the loser's conflict into "no row" instead of an error). Kept until
 * `expiresAt` (epoch ms), when the challenge itself is refused as expired; the scheduler prunes it then.
 */
export async function spendChallenge(
  db: Kysely<Database>,
  signature: string,
  expiresAt: number,
): Promise<boolean> {
  const row = await db
    .insertInto('used_challenges')
    .values({ signature, expires_at: expiresAt })
    .onConflict((oc) => oc.column('signature').doNothing())
    .returning('signature')
    .executeTakeFirst();
  return row !== undefined;
}
