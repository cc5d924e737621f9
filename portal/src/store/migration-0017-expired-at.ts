import type { Kysely, Migration } from 'kysely';

/**
 * When the latest expiry was decided (epoch ms): an admin's expire, the age sweep's, or drift detection's.
 * A password accepted before it (pending_passwords.created_at) no longer ends that expiry when it lands
 * in Microsoft 365. Under `onExpiry: maintain` the expiry queues no disable job whose place in the queue
 * would tell, so the moment is kept here. Null: no expiry decided since this migration.
 */
export const expiredAt: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('users').addColumn('expired_at', 'bigint').execute();
  },
};
