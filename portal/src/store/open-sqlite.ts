import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import type { Logger } from 'pino';
import { checkDatabaseIdentity } from './check-database-identity.js';
import { createPrivateDatabaseFile, tightenDatabaseFileModes } from './database-file-modes.js';
import { DatabaseInUseError, StoreError } from './store-error.js';
import { BUSY_TIMEOUT_MS } from './wal-scrubber.js';

export interface OpenSqliteOptions {
  /** false: the file must exist already (a command that only reads or copies it never creates one). */
  create: boolean;
  /**
   * Hold the file for this connection alone (locking_mode EXCLUSIVE) from the first read on: refused
   * with DatabaseInUseError while any other connection has it open (in WAL mode every open connection
   * keeps a lock), and no other process can open it until this one closes.
   */
  exclusive: boolean;
}

function inUse(error: unknown): boolean {
  return (error as { code?: unknown }).code === 'SQLITE_BUSY';
}

/** Opens (and, unless told otherwise, creates) a SQLite file the way the store needs it; checks whose it is first. */
export function openSqlite(
  path: string,
  knownMigrations: readonly string[],
  logger: Logger,
  options: OpenSqliteOptions,
): SQLite.Database {
  const onDisk = path !== ':memory:';
  if (onDisk) {
    const folder = dirname(path);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new StoreError(
        `database: the folder ${folder} does not exist; create it or point "database" elsewhere`,
      );
    }
    if (!options.create && !existsSync(path)) {
      throw new StoreError(
        `database: ${path} does not exist; check "database" in the config (passgate db migrate creates it)`,
      );
    }
  }
  let sqlite: SQLite.Database | undefined;
  try {
    if (onDisk && options.create) createPrivateDatabaseFile(path);
    sqlite = new SQLite(path, { fileMustExist: !options.create });
    if (options.exclusive) {
      // Before the first read, or SQLite keeps the shared-memory index that other processes use.
      sqlite.pragma('locking_mode = EXCLUSIVE');
      sqlite.pragma('busy_timeout = 0');
    } else {
      // A second process waits for the write lock instead of failing.
      sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
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
    if (options.exclusive && inUse(error)) {
      throw new DatabaseInUseError(
        `database: ${path} is open in another process (a running portal, or another passgate command); stop the portal first`,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: cannot open ${path} (${reason}); check the path and its permissions`);
  }
}
