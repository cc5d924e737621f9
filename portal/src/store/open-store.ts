import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { type Logger, pino } from 'pino';
import { checkDatabaseIdentity } from './check-database-identity.js';
import { createPrivateDatabaseFile, tightenDatabaseFileModes } from './database-file-modes.js';
import type { Database } from './database-schema.js';
import { migrationProvider } from './migrations.js';
import { StoreError } from './store-error.js';

export { StoreError } from './store-error.js';

export interface Store {
  db: Kysely<Database>;
  /** The database file (":memory:" for tests that need no file). */
  path: string;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Warnings (a file mode tightened) go here; silent if omitted. */
  logger?: Logger;
}

function openSqlite(path: string, knownMigrations: readonly string[], logger: Logger): SQLite.Database {
  const onDisk = path !== ':memory:';
  if (onDisk) {
    const folder = dirname(path);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new StoreError(
        `database: the folder ${folder} does not exist; create it or point "database" elsewhere`,
      );
    }
  }
  let sqlite: SQLite.Database | undefined;
  try {
    if (onDisk) createPrivateDatabaseFile(path);
    sqlite = new SQLite(path);
    // A second process waits for the write lock instead of failing.
    sqlite.pragma('busy_timeout = 5000');
    // Before anything is written, the WAL switch included: another application's file stays untouched.
    checkDatabaseIdentity(sqlite, path, knownMigrations);
    // After that first read, which made -wal and -shm (for a WAL database) with the main file's mode.
    if (onDisk) tightenDatabaseFileModes(path, logger);
    // WAL lets readers (CLI, admin pages) work while the worker writes; FULL makes every commit
    // survive power loss, which is what "an accepted change is never lost" needs.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    return sqlite;
  } catch (error) {
    sqlite?.close();
    if (error instanceof StoreError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: cannot open ${path} (${reason}); check the path and its permissions`);
  }
}

/** Opens (creating if needed, owner-only) the SQLite database and runs pending migrations. */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const knownMigrations = Object.keys(await migrationProvider.getMigrations());
  const sqlite = openSqlite(path, knownMigrations, options.logger ?? pino({ level: 'silent' }));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: migrating ${path} failed (${reason})`);
  }
  return { db, path, close: () => db.destroy() };
}
