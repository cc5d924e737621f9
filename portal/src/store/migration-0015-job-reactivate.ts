import type { Kysely, Migration } from 'kysely';

/**
 * An expired person's new password ends the expiry once Microsoft 365 has it. Until now that rode on
 * `enable_account`, which also sets accountEnabled in Microsoft 365: in a tenant whose expiry blocks no
 * sign-in there (`onExpiry: maintain`) nothing is to be enabled, so the person stayed expired after a
 * change that went through. 1: the job's completion makes an expired account active.
 */
export const jobReactivate: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('outbox_jobs')
      .addColumn('reactivate', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
