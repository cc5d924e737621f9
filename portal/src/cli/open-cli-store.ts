import { existsSync } from 'node:fs';
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
  const path = config.database;
  const opening = { logger: cliLogger(config, io), poolSize: options.poolSize };
  const mayCreate = options.mayCreate ?? false;
  if (mayCreate && !isPostgresUrl(path) && !existsSync(path)) return openStore(path, opening);
  // migrate: false also refuses a SQLite file that does not exist, naming it.
  const store = await openStore(path, { ...opening, migrate: false });
  const state = await migrationState(store);
  if (state.pending.length === 0) return store;
  await store.close();
  // A file or PostgreSQL database made empty for Passgate (touch, createdb): new, like a missing file.
  if (mayCreate && state.applied.length === 0) return openStore(path, opening);
  throw new StoreError(pendingMessage(store.path, state));
}
