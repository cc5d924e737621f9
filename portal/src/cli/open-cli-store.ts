import { closeSync, existsSync, openSync, readSync, type Stats, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { PortalConfig } from '../config/portal-config.js';
import { isPostgresUrl } from '../store/database-url.js';
import { openStore, type Store, StoreError } from '../store/open-store.js';
import { type MigrationState, readMigrationState } from '../store/run-migrations.js';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';

export interface CliStoreOptions {
  /** PostgreSQL connections (see openStore). */
  poolSize: number;
  /**
   * True for the commands that bring people in (users add, users import): on a new install they may run
   * before the portal ever started, so they create the database and give it the whole schema. Only a
   * database with no Passgate schema at all: one an older Passgate left is db migrate's to change.
   */
  mayCreate?: boolean;
}

function pendingMessage(path: string, state: MigrationState): string {
  const schema = state.applied.at(-1);
  if (schema === undefined)
    return `database: ${path} has no Passgate schema yet; run passgate db migrate to create it`;
  const count = `${state.pending.length} migration${state.pending.length === 1 ? '' : 's'}`;
  return `database: ${path} is at schema ${schema} and lacks ${count} of this Passgate's; run passgate db migrate first (see "Upgrades" in docs/admin.md)`;
}

async function migrationState(store: Store): Promise<MigrationState> {
  try {
    return await readMigrationState(store.db);
  } catch (error) {
    await store.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreError(`database: cannot read which migrations ${store.path} has (${reason})`);
  }
}

/** The database a command works on, and whether it is a new install's. */
export interface OpenedCliStore {
  store: Store;
  /**
   * The configured database did not exist yet, or held no Passgate schema: `store` is the one just made
   * with the whole schema or, for a dry run, an empty one in memory (nothing created or written on disk).
   */
  newInstall: boolean;
}

/** What becomes of a new install's database: refused, created with the whole schema, or stood in for in memory. */
type OnNewInstall = 'refuse' | 'create' | 'in-memory';

function statOf(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

/** SQLite's file header begins so (https://www.sqlite.org/fileformat2.html#the_database_header). */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Page 1's b-tree header follows the 100-byte file header: its type, then at +3 its cell count. */
const SCHEMA_PAGE_HEADER = 100;
/** A leaf page of a table b-tree (https://www.sqlite.org/fileformat2.html#b_tree_pages). */
const LEAF_TABLE_PAGE = 0x0d;

/**
 * Whether a SQLite file holds no table at all, read from its bytes, never opened. Page 1 is the root of
 * the schema table: a leaf with no cells lists no table, index, view or trigger (an empty database as the
 * sqlite3 shell leaves one, or a serve stopped before its first migration). To be trusted only with no
 * -wal or -journal beside it (the caller checks): those may hold newer pages than the file.
 */
function holdsNoTable(path: string): boolean {
  const head = Buffer.alloc(SCHEMA_PAGE_HEADER + 8);
  let read = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      read = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return (
    read === head.length &&
    head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC) &&
    head[SCHEMA_PAGE_HEADER] === LEAF_TABLE_PAGE &&
    head.readUInt16BE(SCHEMA_PAGE_HEADER + 3) === 0
  );
}

/**
 * A SQLite database not made yet, told without opening it. To create: no file. For a dry run, which must
 * write nothing (opening writes: the switch to WAL, the files' modes, a checkpoint), also a file with no
 * table in it (touch, or an empty database), and only in a folder that exists, with no -wal or -journal
 * beside it: a missing folder is left to openStore, which names it as the real run would, and a database
 * that another process has open (its newest pages may be in the -wal) is opened and read.
 */
function isUnmadeSqlite(path: string, onNew: 'create' | 'in-memory'): boolean {
  if (onNew === 'create') return !existsSync(path);
  if (!statOf(dirname(path))?.isDirectory()) return false;
  if (statOf(`${path}-wal`) !== null || statOf(`${path}-journal`) !== null) return false;
  const file = statOf(path);
  return file === null || file.size === 0 || (file.isFile() && holdsNoTable(path));
}

async function openNewInstall(
  path: string,
  opening: { logger: Logger; poolSize: number },
  onNew: 'create' | 'in-memory',
): Promise<Store> {
  // In memory: the whole schema and no rows, as the real run would find the database it creates.
  return onNew === 'create' ? openStore(path, opening) : openStore(':memory:', { logger: opening.logger });
}

async function openConfigured(
  config: PortalConfig,
  io: CliIo,
  poolSize: number,
  onNew: OnNewInstall,
): Promise<OpenedCliStore> {
  const path = config.database;
  const opening = { logger: cliLogger(config, io), poolSize };
  if (onNew !== 'refuse' && !isPostgresUrl(path) && isUnmadeSqlite(path, onNew))
    return { store: await openNewInstall(path, opening, onNew), newInstall: true };
  // migrate: false also refuses a SQLite file that does not exist, naming it.
  const store = await openStore(path, { ...opening, migrate: false });
  const state = await migrationState(store);
  if (state.pending.length === 0) return { store, newInstall: false };
  await store.close();
  // A file or PostgreSQL database made empty for Passgate (touch, createdb): new, like a missing file.
  if (onNew !== 'refuse' && state.applied.length === 0)
    return { store: await openNewInstall(path, opening, onNew), newInstall: true };
  throw new StoreError(pendingMessage(store.path, state));
}

/**
 * Opens the configured database for every command but serve and db: never migrates one that exists
 * (an older portal may still be serving from it: migrating is db migrate's job, as an upgrade says)
 * and never creates one for a command that only reads or changes what is there (a mistyped `database`
 * would get a new, empty file). Refused with a StoreError (one line, exit 78): a SQLite file that does not
 * exist, or a database with migrations pending. The command has checked its arguments before calling this.
 */
export async function openCliStore(
  config: PortalConfig,
  io: CliIo,
  options: CliStoreOptions,
): Promise<Store> {
  const onNew = (options.mayCreate ?? false) ? 'create' : 'refuse';
  return (await openConfigured(config, io, options.poolSize, onNew)).store;
}

/**
 * Opens the configured database for a command that only says what it would do (users import --dry-run):
 * as openCliStore does, but on a new install, the first step of a roll-out, it answers against an empty
 * database in memory migrated to this Passgate's schema, instead of refusing or creating the real one.
 * A database an older Passgate left is refused all the same: its rows are what the real run meets, and
 * only db migrate may bring it up to date.
 */
export function openCliStoreForDryRun(
  config: PortalConfig,
  io: CliIo,
  options: Omit<CliStoreOptions, 'mayCreate'>,
): Promise<OpenedCliStore> {
  return openConfigured(config, io, options.poolSize, 'in-memory');
}
