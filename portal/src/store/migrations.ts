import {
  type ColumnDefinitionBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  sql,
} from 'kysely';
import { dialectOf } from './dialect-of.js';
import { accountStates } from './migration-0002-account-states.js';
import { credentialVersion } from './migration-0003-credential-version.js';
import { passwordDrift } from './migration-0004-password-drift.js';
import { recoveryMethods } from './migration-0005-recovery-methods.js';
import { usedChallenges } from './migration-0006-used-challenges.js';
import { extensionInstalls } from './migration-0007-extension-installs.js';
import { passkeyChallenges } from './migration-0008-passkey-challenges.js';
import { resetFlows } from './migration-0009-reset-flows.js';
import { adminSessions } from './migration-0010-admin-sessions.js';
import { adminConsole } from './migration-0011-admin-console.js';
import { methodCoolingOff } from './migration-0012-method-cooling-off.js';
import { userLocale } from './migration-0013-user-locale.js';
import { tenantPause } from './migration-0014-tenant-pause.js';
import { jobReactivate } from './migration-0015-job-reactivate.js';
import { disabledFor } from './migration-0016-disabled-for.js';
import { expiredAt } from './migration-0017-expired-at.js';

const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const postgres = dialectOf(db) === 'postgres';
    const bytes = postgres ? 'bytea' : 'blob';
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
      .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
      .addColumn('user_changed_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_synced_at', 'bigint')
      .addColumn('last_sync_error', 'text')
      .execute();
    await db.schema
      .createTable('password_history')
      .addColumn('id', 'integer', (c) => serialKey(c, postgres))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('retired_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('password_history_user')
      .on('password_history')
      .columns(['user_id', 'id'])
      .execute();
    await db.schema
      .createTable('outbox_jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('upn', 'text', (c) => c.notNull())
      .addColumn('payload', bytes)
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
      .addColumn('lease_until', 'bigint')
      .addColumn('last_error', 'text')
      .addColumn('correlation_id', 'text', (c) => c.notNull())
      .addColumn('enable_account', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('outbox_jobs_user_seq', ['user_id', 'seq'])
      .execute();
    await db.schema
      .createIndex('outbox_jobs_open')
      .on('outbox_jobs')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createTable('pending_passwords')
      .addColumn('job_id', 'text', (c) => c.primaryKey().references('outbox_jobs.id').onDelete('cascade'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('audit_events')
      .addColumn('seq', 'integer', (c) => serialKey(c, postgres))
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('timestamp', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('success', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_events_user')
      .on('audit_events')
      .columns(['username', 'seq'])
      .execute();
    await db.schema
      .createTable('counters')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('window_start', 'bigint', (c) => c.notNull())
      .addColumn('locked_until', 'bigint')
      .execute();
    // The audit log is append-only: the database itself refuses edits, whoever asks.
    if (postgres) {
      await sql`CREATE FUNCTION passgate_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`.execute(db);
      await sql`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION passgate_audit_append_only()`.execute(db);
    } else {
      await sql`CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
      await sql`CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
    }
  },
};

/** An integer key the database numbers itself: SQLite's AUTOINCREMENT, PostgreSQL's identity column. */
function serialKey(column: ColumnDefinitionBuilder, postgres: boolean): ColumnDefinitionBuilder {
  return postgres ? column.primaryKey().generatedByDefaultAsIdentity() : column.primaryKey().autoIncrement();
}

/** Migrations live in code (not files on disk) so the built CLI carries them; names sort in order. */
export const migrationProvider: MigrationProvider = {
  async getMigrations(): Promise<Record<string, Migration>> {
    return {
      '0001_initial': initial,
      '0002_account_states': accountStates,
      '0003_credential_version': credentialVersion,
      '0004_password_drift': passwordDrift,
      '0006_used_challenges': usedChallenges,
      '0005_recovery_methods': recoveryMethods,
      '0007_extension_installs': extensionInstalls,
      '0008_passkey_challenges': passkeyChallenges,
      '0009_reset_flows': resetFlows,
      '0010_admin_sessions': adminSessions,
      '0011_admin_console': adminConsole,
      '0012_method_cooling_off': methodCoolingOff,
      '0013_user_locale': userLocale,
      '0014_tenant_pause': tenantPause,
      '0015_job_reactivate': jobReactivate,
      '0016_disabled_for': disabledFor,
      '0017_expired_at': expiredAt,
    };
  },
};
