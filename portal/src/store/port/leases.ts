import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/**
 * Takes or renews the named lease for `holder` until now + leaseMs. One UPDATE … WHERE the lease is
 * ours or lapsed (SQLite serialises writers; PostgreSQL would take the row lock), so two instances
 * racing cannot both hold it. Returns whether `holder` holds it now.
 */
export async function takeLease(
  db: Kysely<Database>,
  name: string,
  holder: string,
  now: number,
  leaseMs: number,
): Promise<boolean> {
  await db
    .insertInto('scheduler_leases')
    .values({ name, holder, lease_until: 0 })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const result = await db
    .updateTable('scheduler_leases')
    .set({ holder, lease_until: now + leaseMs })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('holder', '=', holder), eb('lease_until', '<=', now)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Lets another instance take over at once (clean shutdown). */
export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await db
    .updateTable('scheduler_leases')
    .set({ lease_until: 0 })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}
