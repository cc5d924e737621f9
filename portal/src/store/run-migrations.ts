import { type Kysely, Migrator, sql } from 'kysely';
import type { Database } from './database-schema.js';
import { migrationProvider } from './migrations.js';

export interface MigrationState {
  /** Applied, oldest first: the last one is the schema version. */
  applied: string[];
  /** Known to this code and not applied yet, in the order they would run. */
  pending: string[];
}

/**
 * The names of the migrations the database has run, as Kysely recorded them, including any this code
 * does not know (a newer Passgate's); null when none has run yet (no table), or the read failed.
 */
export function readExecutedMigrations(db: Kysely<Database>): Promise<string[] | null> {
  return sql<{ name: string }>`select name from kysely_migration`
    .execute(db)
    .then((result) => result.rows.map((row) => row.name))
    .catch(() => null);
}

/** Which migrations the database has and which it lacks. Reads only: nothing is created or run. */
export async function readMigrationState(db: Kysely<Database>): Promise<MigrationState> {
  const migrations = await new Migrator({ db, provider: migrationProvider }).getMigrations();
  return {
    applied: migrations.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: migrations.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}

export interface RunMigrationsOptions {
  /** Stop after this migration (default: run every pending one). */
  upTo?: string;
  /**
   * The caller already holds a transaction on `db`'s one connection (db copy migrates and fills the
   * target in one): Kysely must not open its own.
   */
  inCallersTransaction?: boolean;
}

/**
 * Runs pending migrations (on PostgreSQL each batch in a transaction, one instance at a time: Kysely's
 * migration lock) and returns the names that ran. Throws the migration's own error; callers word it.
 */
export async function runMigrations(
  db: Kysely<Database>,
  options: RunMigrationsOptions = {},
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    disableTransactions: options.inCallersTransaction ?? false,
  });
  const { error, results } =
    options.upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(options.upTo);
  if (error !== undefined) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
