import type { Kysely, Migration } from 'kysely';
import { dialectOf } from './dialect-of.js';

/**
 * Issue 6: account states, sessions, reset/activation links, the mail queue and the scheduler.
 * `locked` is not a status: it is derived from the lockout counter (`counters.locked_until`), so a
 * user can be expired AND locked, and a lock ends by itself without anyone writing the users row.
 */
export const accountStates: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('users')
      .addColumn('never_expires', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // What unsuspend restores (active or expired): suspension must not wipe an expiry.
    await db.schema.alterTable('users').addColumn('status_before_suspend', 'text').execute();
    await db.schema
      .alterTable('outbox_jobs')
      .addColumn('revoke_sessions', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('portal_sessions')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('portal_sessions_user').on('portal_sessions').column('user_id').execute();
    await db.schema
      .createTable('link_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addColumn('invalidated_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('link_tokens_user')
      .on('link_tokens')
      .columns(['user_id', 'purpose'])
      .execute();
    await db.schema
      .createTable('mail_queue')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('to_address', 'text', (c) => c.notNull())
      // Subject and bodies, sealed: a reset link in a body is as good as the token, so it is not kept readable.
      .addColumn('payload', dialectOf(db) === 'postgres' ? 'bytea' : 'blob')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('sent_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('mail_queue_open')
      .on('mail_queue')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createTable('scheduler_leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('lease_until', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('reminders_sent')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('reminders_sent_pk', ['user_id', 'day'])
      .execute();
  },
};
