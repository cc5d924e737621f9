import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './database-schema.js';
import { migrationProvider } from './migrations.js';

export interface Store {
  db: Kysely<Database>;
  /** The database file (":memory:" for tests that need no file). */
  path: string;
  close(): Promise<void>;
}

/** The database cannot be opened or migrated: the portal refuses to start with this message. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code = 'DATABASE_UNAVAILABLE';
}

function openSqlite(path: string): SQLite.Database {
  if (path !== ':memory:') {
    const folder = dirname(path);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new StoreError(
        `database: the folder ${folder} does not exist; create it or point "database" elsewhere`,
      );
    }
  }
  try {
    const sqlite = new SQLite(path);
    // WAL lets readers (CLI, admin pages) work while the worker writes; busy_timeout makes a second
    // process wait for the write lock instead of failing; FULL makes every commit survive power loss,
    // which is what "an accepted change is never lost" needs.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    return sqlite;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: cannot open ${path} (${reason}); check the path and its permissions`);
  }
}

/** Opens (creating if needed) the SQLite database and runs pending migrations. */
export async function openStore(path: string): Promise<Store> {
  const sqlite = openSqlite(path);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error !== undefined) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: migrating ${path} failed (${reason})`);
  }
  return { db, path, close: () => db.destroy() };
}
