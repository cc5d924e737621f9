import { parseArgs } from 'node:util';
import { openStore, type Store } from '../store/open-store.js';
import { readMigrationState } from '../store/run-migrations.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';
import { dbBackupCommand } from './db-backup-command.js';
import { dbCopyCommand } from './db-copy-command.js';
import { loadCliConfig } from './load-cli-config.js';

const DB_USAGE =
  'expected: db migrate | db check | db backup --out FILE | db copy [--to postgres://…] (or PASSGATE_DB_COPY_TO)';

/** Which options each action takes; any other is refused before anything is opened. */
const ACTION_OPTIONS: Record<string, readonly string[]> = {
  migrate: [],
  check: [],
  backup: ['out'],
  copy: ['to'],
};

function printDatabase(store: Store, schema: string | undefined, io: CliIo): void {
  io.out(`database  ${store.kind} ${store.path}`);
  io.out(`schema    ${schema ?? 'none (no migrations applied)'}`);
}

/**
 * `passgate db migrate|check|backup|copy`. Exit codes: 0 done (check: the schema is current), 1 refused
 * or pending (check: migrations wait; backup and copy: see their refusals), 2 wrong usage, 78 the
 * database cannot be used.
 */
export async function dbCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, out: { type: 'string' }, to: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...extra] = positionals;
  const allowed = action === undefined ? undefined : ACTION_OPTIONS[action];
  if (allowed === undefined || extra.length > 0) throw new UsageError(DB_USAGE);
  for (const option of ['out', 'to'] as const) {
    if (values[option] !== undefined && !allowed.includes(option))
      throw new UsageError(`${action}: --${option} belongs to db ${option === 'out' ? 'backup' : 'copy'}`);
  }
  if (action === 'copy') return dbCopyCommand(values, io);
  if (action === 'backup') return dbBackupCommand(values, io);
  const config = await loadCliConfig(values.config, io.env);
  const logger = cliLogger(config, io);
  if (action === 'migrate') {
    const store = await openStore(config.database, { logger, poolSize: 1 });
    try {
      for (const name of store.migrationsRun) io.out(`ran       ${name}`);
      if (store.migrationsRun.length === 0) io.out('nothing to run: the schema is current');
      printDatabase(store, (await readMigrationState(store.db)).applied.at(-1), io);
      return 0;
    } finally {
      await store.close();
    }
  }
  // check: reads the migration table only; migrating is db migrate's (or serve's) job.
  const store = await openStore(config.database, { logger, poolSize: 1, migrate: false });
  try {
    const state = await readMigrationState(store.db);
    printDatabase(store, state.applied.at(-1), io);
    io.out(
      `pending   ${state.pending.length === 0 ? 'none' : `${state.pending.join(', ')} (run: passgate db migrate)`}`,
    );
    return state.pending.length === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}
