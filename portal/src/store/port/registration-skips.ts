import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Counts one "remind me later" for the person, unless they have used `max` already: ONE conditional
 * UPDATE, so two tabs answering at once cannot, between them, take more skips than the policy gives.
 * True when the skip was taken.
 */
export async function takeRegistrationSkip(
  db: Kysely<Database>,
  userId: string,
  max: number,
): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set((eb) => ({ recovery_skips: eb('recovery_skips', '+', 1) }))
    .where('id', '=', userId)
    .where('recovery_skips', '<', max)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
