import type { Kysely, Migration } from 'kysely';

/**
 * Issue 11, the admin console: one row per signed-in admin, found by the SHA-256 of the random token
 * in the browser's cookie (a copy of the table gives no one a session). The role is not stored: it is
 * worked out from the config at every request, so an admin removed from `admins` loses it at once.
 */
export const adminSessions: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('admin_sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('groups', 'text', (c) => c.notNull())
      .addColumn('auth_time', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('admin_sessions_expiry').on('admin_sessions').column('expires_at').execute();
  },
};
