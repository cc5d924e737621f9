import { type Kysely, type Migration, sql } from 'kysely';
import { auditInitiator } from './audit-initiator.js';
import { dialectOf } from './dialect-of.js';

/**
 * Issue 11, the admin console: indexes that keep its lists fast at 100,000 users and 1,000,000 audit
 * rows (bench/console), and the two tables where the sync worker notes each tenant's connection.
 */
export const adminConsole: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const dialect = dialectOf(db);
    // The users list pages by e-mail (keyset): filtered by state, it walks only that state's rows.
    await db.schema.createIndex('users_status_email').on('users').columns(['status', 'email']).execute();
    // Searching by name is a case-insensitive prefix: a range on lower(display_name).
    await sql`CREATE INDEX users_name_lower ON users (lower(display_name), email)`.execute(db);
    // Few users have a sync error: a partial index lists them without reading the rest.
    await sql`CREATE INDEX users_sync_error ON users (email) WHERE last_sync_error IS NOT NULL`.execute(db);
    await db.schema
      .createIndex('audit_events_type')
      .on('audit_events')
      .columns(['event_type', 'seq'])
      .execute();
    await db.schema.createIndex('audit_events_time').on('audit_events').columns(['timestamp']).execute();
    await sql`CREATE INDEX audit_events_initiator ON audit_events (${auditInitiator(dialect)}, seq)`.execute(
      db,
    );
    await db.schema
      .createIndex('outbox_jobs_status_created')
      .on('outbox_jobs')
      .columns(['status', 'created_at'])
      .execute();
    await db.schema
      .createTable('tenant_health')
      .addColumn('tenant', 'text', (c) => c.primaryKey())
      .addColumn('last_ok_at', 'bigint')
      .addColumn('last_error_code', 'text')
      .addColumn('last_error_message', 'text')
      .addColumn('last_error_at', 'bigint')
      .execute();
    await db.schema
      .createTable('graph_pauses')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('paused_at', 'bigint', (c) => c.notNull())
      .addColumn('until', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('graph_pauses_time').on('graph_pauses').columns(['paused_at']).execute();
  },
};
