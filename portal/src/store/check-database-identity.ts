import type SQLite from 'better-sqlite3';
import { StoreError } from './store-error.js';

/** Where Kysely's Migrator records the migrations it ran (its default table names). */
const MIGRATION_TABLE = 'kysely_migration';
const MIGRATION_LOCK_TABLE = 'kysely_migration_lock';

function tableNames(sqlite: SQLite.Database): string[] {
  const rows = sqlite
    .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name")
    .all() as { name: string }[];
  return rows.map((row) => row.name);
}

function executedMigrations(sqlite: SQLite.Database): string[] {
  const rows = sqlite.prepare(`select name from ${MIGRATION_TABLE} order by name`).all() as {
    name: string;
  }[];
  return rows.map((row) => row.name);
}

/**
 * Refuses, before anything is written, a database that is not Passgate's: another application's file
 * (tables, but none of Passgate's migrations) or one migrated by a newer Passgate (a migration this code
 * does not know, whose schema it would misread). A new, empty file passes. Reading sqlite_master is also
 * the first read of the file, so a file that is not SQLite at all fails here with SQLITE_NOTADB.
 */
export function checkDatabaseIdentity(
  sqlite: SQLite.Database,
  path: string,
  knownMigrations: readonly string[],
): void {
  let tables: string[];
  try {
    tables = tableNames(sqlite);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new StoreError(
        `database: ${path} is not a SQLite database; point "database" at Passgate's database file, or at a path where it may create one`,
      );
    }
    throw error;
  }
  const own = tables.filter((name) => name !== MIGRATION_TABLE && name !== MIGRATION_LOCK_TABLE);
  const executed = tables.includes(MIGRATION_TABLE) ? executedMigrations(sqlite) : [];
  const known = new Set(knownMigrations);
  const unknown = executed.filter((name) => !known.has(name));
  const ours = executed.length > unknown.length;
  if (!ours && (own.length > 0 || executed.length > 0)) {
    const found = own.length > 0 ? own : executed;
    const shown = (found.length > 3 ? [...found.slice(0, 3), '…'] : found).join(', ');
    const what = own.length > 0 ? `tables ${shown}` : `migrations ${shown}`;
    throw new StoreError(
      `database: ${path} is not a Passgate database (it has ${what} but none of Passgate's migrations); point "database" at Passgate's file, or at a new path`,
    );
  }
  if (unknown.length > 0) {
    throw new StoreError(
      `database: ${path} was migrated by a newer Passgate (unknown migration ${unknown.join(', ')}); run that version or a later one, or restore a backup made with this one`,
    );
  }
}
