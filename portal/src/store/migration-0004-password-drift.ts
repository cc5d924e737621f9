import type { Kysely, Migration } from 'kysely';

/**
 * Issue 12, drift detection: per user, what the sweep last accepted from Microsoft 365 and the last drift
 * found (password_drift); per tenant, when the sweep ran and how far it read the audit log (drift_sweeps).
 * Times are epoch milliseconds (bigint), as everywhere else, so SQLite and PostgreSQL agree.
 */
export const passwordDrift: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('password_drift')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
      .addColumn('seen_change_at', 'bigint')
      .addColumn('seen_write_at', 'bigint')
      .addColumn('seen_record_at', 'bigint')
      .addColumn('drift_changed_at', 'bigint')
      .addColumn('drift_detected_at', 'bigint')
      .addColumn('drift_activity', 'text')
      .addColumn('drift_actor', 'text')
      .addColumn('drift_action', 'text')
      .addColumn('drift_alerted_at', 'bigint')
      .addColumn('blocked_at', 'bigint')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('drift_sweeps')
      .addColumn('tenant', 'text', (c) => c.primaryKey())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .addColumn('audit_read_at', 'bigint')
      .addColumn('audit_denied', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  },
};
