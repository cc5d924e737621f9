import { Kysely } from 'kysely';
import { type Logger, pino } from 'pino';
import { type BackupOutcome, backupSqlite } from './backup-sqlite.js';
import type { Database } from './database-schema.js';
import { isPostgresUrl, redactedDatabaseUrl } from './database-url.js';
import type { DialectName } from './dialect-of.js';
import { migrationProvider } from './migrations.js';
import { runMigrations } from './run-migrations.js';
import { sqliteDialect } from './sqlite-dialect.js';
import { StoreError } from './store-error.js';
import { createWalScrubber, type WalScrubber } from './wal-scrubber.js';
import { watchSealedWipes } from './watch-sealed-wipes.js';

export { DatabaseInUseError, StoreError } from './store-error.js';

export interface Store {
  db: Kysely<Database>;
  kind: DialectName;
  /** The database file (":memory:" for tests that need no file); for PostgreSQL the URL without its password. */
  path: string;
  /** The migrations this open ran, oldest first (none when opened with migrate: false). */
  migrationsRun: readonly string[];
  /** Takes wiped sealed payloads out of the WAL file; loops that wipe call scrub() once per round. */
  walScrubber: WalScrubber;
  /** SQLite only: an online copy into a new file (see backupSqlite). PostgreSQL throws: use pg_dump. */
  backup(file: string): Promise<BackupOutcome>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** Warnings (a file mode tightened, a WAL checkpoint blocked for long) go here; silent if omitted. */
  logger?: Logger;
  /** PostgreSQL only: connections kept open by this process (default 10). */
  poolSize?: number;
  /**
   * false: open the database as it is, for commands that inspect or copy it (db check, backup, copy):
   * no migration runs, and a SQLite file that does not exist is refused rather than created. Default true.
   */
  migrate?: boolean;
  /** SQLite only: refuse (DatabaseInUseError) if another process has the file open, and keep others out until close. */
  exclusive?: boolean;
}

/** PostgreSQL keeps no old page images in a file of ours: nothing to scrub. */
const NO_SCRUB: WalScrubber = { noteWipe: () => undefined, scrub: async () => 'clean' };

async function noBackup(): Promise<BackupOutcome> {
  throw new StoreError('database: PostgreSQL is backed up with its own tools (pg_dump), not by Passgate');
}

/**
 * Opens the database and, unless told otherwise, runs pending migrations: a `postgres://` URL (several
 * instances share it), or the path of a SQLite file (created if needed, owner-only).
 */
export async function openStore(path: string, options: OpenStoreOptions = {}): Promise<Store> {
  const migrate = options.migrate ?? true;
  // Each driver is loaded where it is first needed: a process holds only the one its config names.
  if (isPostgresUrl(path)) {
    const { openPostgres } = await import('./open-postgres.js');
    const postgres = await openPostgres(path, { poolSize: options.poolSize ?? 10, migrate });
    return {
      db: postgres.db,
      kind: 'postgres',
      path: redactedDatabaseUrl(path),
      migrationsRun: postgres.migrationsRun,
      walScrubber: NO_SCRUB,
      backup: noBackup,
      close: postgres.close,
    };
  }
  const logger = options.logger ?? pino({ level: 'silent' });
  const knownMigrations = Object.keys(await migrationProvider.getMigrations());
  const { openSqlite } = await import('./open-sqlite.js');
  const sqlite = openSqlite(path, knownMigrations, logger, {
    create: migrate,
    exclusive: options.exclusive ?? false,
  });
  const base = new Kysely<Database>({ dialect: sqliteDialect(sqlite) });
  const walScrubber = createWalScrubber(base, logger);
  // Same connection as `base`; every statement that wipes a sealed payload is noted for the scrubber.
  const db = base.withPlugin(watchSealedWipes(walScrubber.noteWipe));
  let migrationsRun: string[] = [];
  if (migrate) {
    try {
      migrationsRun = await runMigrations(db);
    } catch (error) {
      await db.destroy();
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError(`database: migrating ${path} failed (${reason})`);
    }
  }
  // A process that died between a wipe and its scrub left the old pages in the WAL: scrub once now.
  walScrubber.noteWipe();
  return {
    db,
    kind: 'sqlite',
    path,
    migrationsRun,
    walScrubber,
    backup: (file) => backupSqlite(sqlite, file),
    async close(): Promise<void> {
      await walScrubber.scrub();
      await db.destroy();
    },
  };
}
