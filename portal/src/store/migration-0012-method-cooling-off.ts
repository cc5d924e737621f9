import type { Kysely, Migration } from 'kysely';

/**
 * Issue 13's cooling-off (recovery.newMethodCoolingOffHours): a way back in registered by someone who
 * proved only the password cannot serve a reset until `usable_from` (ms). Null: usable at once (every
 * method registered before this migration, and those registered after proving another method).
 * Recovery codes are a method too, kept in their own table, so both get the column.
 */
export const methodCoolingOff: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('recovery_methods').addColumn('usable_from', 'bigint').execute();
    await db.schema.alterTable('recovery_codes').addColumn('usable_from', 'bigint').execute();
  },
};
