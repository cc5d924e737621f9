import type { Kysely, Migration } from 'kysely';

/**
 * Issue 14: where the browser extension actually runs. One row per install (a random id the
 * extension makes; nothing that names a person, a device or a page), replaced by each heartbeat.
 */
export const extensionInstalls: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('extension_installs')
      .addColumn('install_id', 'text', (c) => c.primaryKey())
      .addColumn('extension_version', 'text', (c) => c.notNull())
      .addColumn('browser', 'text', (c) => c.notNull())
      .addColumn('browser_version', 'text', (c) => c.notNull())
      .addColumn('platform', 'text', (c) => c.notNull())
      .addColumn('policy_applied', 'integer', (c) => c.notNull())
      .addColumn('redirects_change', 'bigint', (c) => c.notNull())
      .addColumn('redirects_reset', 'bigint', (c) => c.notNull())
      .addColumn('redirects_expired', 'bigint', (c) => c.notNull())
      .addColumn('redirects_extra', 'bigint', (c) => c.notNull())
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('extension_installs_last_seen')
      .on('extension_installs')
      .column('last_seen_at')
      .execute();
  },
};
