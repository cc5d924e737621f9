import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { type Logger, pino } from 'pino';
import { checkDatabaseIdentity } from './check-database-identity.js';
import { createPrivateDatabaseFile, tightenDatabaseFileModes } from './database-file-modes.js';
import type { Database } from './database-schema.js';
import { migrationProvider } from './migrations.js';
import { isPostgresUrl, openPostgres, redactedDatabaseUrl } from './open-postgres.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { StoreError } from './store-error.js';
import { BUSY_TIMEOUT_MS, createWalScrubber, type WalScrubber } from './wal-scrubber.js';
import { watchSealedWipes } from './watch-sealed-wipes.js';

export { StoreError } from './store-error.js';

export interface Store {
  db: Kysely<Database>;
  /** The database file (":memory:" for tests that need no file). */
  path: string;
  /** Takes wiped sealed payloads out of the WAL file; loops that wipe call scrub() once per round. */
  walScrubber: WalScrubber;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Warnings (a file mode tightened, a WAL checkpoint blocked for long) go here; silent if omitted. */
  logger?: Logger;
  /** PostgreSQL only: connections kept open by this process (default 10). */
  poolSize?: number;
}

/** PostgreSQL keeps no old page images in a file of ours: nothing to scrub. */
const NO_SCRUB: WalScrubber = { noteWipe: () => undefined, scrub: async () => 'clean' };

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
    sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // Before anything is written, the WAL switch included: another application's file stays untouched.
    checkDatabaseIdentity(sqlite, path, knownMigrations);
    // After that first read, which made -wal and -shm (for a WAL database) with the main file's mode.
    if (onDisk) tightenDatabaseFileModes(path, logger);
    // WAL lets readers (CLI, admin pages) work while the worker writes; FULL makes every commit
    // survive power loss, which is what "an accepted change is never lost" needs.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    // Freed content (a wiped sealed payload, a deleted row) is overwritten with zeros instead of being
    // left in free space: with the WAL scrubber, a wipe leaves no copy in the database file.
    sqlite.pragma('secure_delete = ON');
    return sqlite;
  } catch (error) {
    sqlite?.close();
    if (error instanceof StoreError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: cannot open ${path} (${reason}); check the path and its permissions`);
  }
}

/**
 * Opens the database and runs pending migrations: a `postgres://` URL (several instances share it), or
 * the path of a SQLite file (created if needed, owner-only).
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(path)) {
    const postgres = await openPostgres(path, options.poolSize ?? 10);
    return { db: postgres.db, path: redactedDatabaseUrl(path), walScrubber: NO_SCRUB, close: postgres.close };
  }
  const logger = options.logger ?? pino({ level: 'silent' });
  const knownMigrations = Object.keys(await migrationProvider.getMigrations());
  const sqlite = openSqlite(path, knownMigrations, logger);
  const base = new Kysely<Database>({ dialect: sqliteDialect(sqlite) });
  const walScrubber = createWalScrubber(base, logger);
  // Same connection as `base`; every statement that wipes a sealed payload is noted for the scrubber.
  const db = base.withPlugin(watchSealedWipes(walScrubber.noteWipe));
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: migrating ${path} failed (${reason})`);
  }
  // A process that died between a wipe and its scrub left the old pages in the WAL: scrub once now.
  walScrubber.noteWipe();
  return {
    db,
    path,
    walScrubber,
    async close(): Promise<void> {
      await walScrubber.scrub();
      await db.destroy();
    },
  };
}
