import type { Kysely, Migration } from 'kysely';
import { dialectOf } from './dialect-of.js';

/**
 * Issue 13: a person's ways back in when Microsoft 365 is out of reach. Recovery methods (a personal
 * e-mail address, an authenticator app, passkeys), single-use recovery codes, one-time codes mailed to an
 * address, and on users the admin flag (admins always need two methods) and the count of "remind me
 * later" answers. Passkey columns are here already, unused until passkeys are built on this table.
 */
export const recoveryMethods: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const bytes = dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
    await db.schema
      .alterTable('users')
      .addColumn('is_admin', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('users')
      .addColumn('recovery_skips', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('recovery_methods')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('confirmed_at', 'bigint')
      .addColumn('last_used_at', 'bigint')
      .addColumn('email', 'text')
      // Sealed (AES-256-GCM): a copied database file does not give away anyone's authenticator.
      .addColumn('totp_secret', bytes)
      .addColumn('totp_last_step', 'bigint')
      // Unique across users: a credential belongs to one account (NULLs, every other kind, never collide).
      .addColumn('credential_id', 'text', (c) => c.unique())
      .addColumn('public_key', bytes)
      .addColumn('sign_count', 'bigint')
      .addColumn('transports', 'text')
      .execute();
    await db.schema
      .createIndex('recovery_methods_user')
      .on('recovery_methods')
      .columns(['user_id', 'kind'])
      .execute();
    await db.schema
      .createTable('recovery_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .addUniqueConstraint('recovery_codes_user_hash', ['user_id', 'code_hash'])
      .execute();
    await db.schema
      .createTable('email_codes')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('purpose', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('tries', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      // One live code per person and purpose: a new code replaces the last, so only the newest works.
      .addPrimaryKeyConstraint('email_codes_pk', ['user_id', 'purpose'])
      .execute();
  },
};
