import { z } from 'zod';
import { copyToPostgres } from '../store/copy-to-postgres.js';
import { ForeignDatabaseError, isPostgresUrl } from '../store/open-postgres.js';
import { DatabaseInUseError, openStore, type Store } from '../store/open-store.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';
import { loadCliConfig } from './load-cli-config.js';

// The message never repeats the value: it may hold a password.
const targetSchema = z.string().refine((url) => isPostgresUrl(url) && URL.canParse(url), {
  error:
    'copy: expected the target as a PostgreSQL URL, e.g. postgres://passgate@db.example.com:5432/passgate',
});

/** The target from --to or PASSGATE_DB_COPY_TO (which keeps its password off the command line, where ps shows it). */
function targetUrl(flag: string | undefined, env: string | undefined): string {
  const given = [flag, env].filter((v): v is string => v !== undefined && v !== '');
  if (given.length === 0)
    throw new UsageError('copy: expected the target in PASSGATE_DB_COPY_TO (or --to postgres://…)');
  if (given.length === 2 && given[0] !== given[1])
    throw new UsageError('copy: --to and PASSGATE_DB_COPY_TO name different targets; give one');
  const parsed = targetSchema.safeParse(given[0]);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'copy: bad target');
  return parsed.data;
}

/**
 * Why the target must not be copied into, or null: another application's database (tables, but none of
 * Passgate's migrations), found by the very check that keeps serve off one (openPostgres), before the copy
 * writes anything. A target Passgate has migrated is refused by the copy itself, as not empty.
 */
async function refuseForeignTarget(to: string): Promise<string | null> {
  try {
    const target = await openStore(to, { migrate: false, poolSize: 1 });
    await target.close();
    return null;
  } catch (error) {
    if (!(error instanceof ForeignDatabaseError)) throw error;
    return `${error.shown} is not a Passgate database (it has tables ${error.tables} but none of Passgate's migrations); db copy fills a new, empty database: create one (createdb) and copy into it`;
  }
}

/**
 * `passgate db copy`: a stopped portal's SQLite database into an empty PostgreSQL database (see
 * copyToPostgres). Exit 1 when refused: the portal looks to be running, the target is not empty or is
 * another application's, or there is nothing to copy. Exit 2 when the configured database is not SQLite.
 */
export async function dbCopyCommand(values: { config?: string; to?: string }, io: CliIo): Promise<number> {
  const to = targetUrl(values.to, io.env.PASSGATE_DB_COPY_TO);
  const config = await loadCliConfig(values.config, io.env);
  if (isPostgresUrl(config.database))
    throw new UsageError(
      'copy: the configured database is PostgreSQL already; db copy moves a SQLite database into PostgreSQL',
    );
  let store: Store;
  try {
    // Exclusive: refused while any process has the file open, and no portal can open it during the copy.
    store = await openStore(config.database, {
      logger: cliLogger(config, io),
      migrate: false,
      exclusive: true,
    });
  } catch (error) {
    if (!(error instanceof DatabaseInUseError)) throw error;
    io.err(`passgate db copy: refused: ${error.message.replace(/^database: /, '')}`);
    return 1;
  }
  try {
    const foreign = await refuseForeignTarget(to);
    if (foreign !== null) {
      io.err(`passgate db copy: refused: ${foreign}`);
      return 1;
    }
    const outcome = await copyToPostgres(store, to, Date.now());
    if (outcome.status === 'refused') {
      io.err(`passgate db copy: refused: ${outcome.reason}`);
      return 1;
    }
    io.out(`copied ${store.path} (schema ${outcome.schema}) into ${outcome.target}`);
    for (const { table, rows } of outcome.tables) io.out(`  ${table.padEnd(18)} ${rows}`);
    io.out('row counts verified: the same in both databases');
    return 0;
  } finally {
    await store.close();
  }
}
