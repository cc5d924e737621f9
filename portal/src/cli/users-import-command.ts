import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  type CallOptions,
  createM365Client,
  type GraphLogger,
  type M365Client,
  M365Error,
} from '@passgate/core/graph';
import type { Logger } from 'pino';
import type { PortalConfig, TenantConfig } from '../config/portal-config.js';
import { createSealer } from '../crypto/sealer.js';
import { classifyCsvRow } from '../import/classify-entry.js';
import type { ImportEntry } from '../import/import-entry.js';
import { importReportJson } from '../import/import-report.js';
import { type ImportOutcome, importUsers } from '../import/import-users.js';
import { parseUserCsv } from '../import/parse-user-csv.js';
import { renderImportReport } from '../import/render-import-report.js';
import { tenantEntries } from '../import/tenant-entries.js';
import { isPostgresUrl, redactedDatabaseUrl } from '../store/database-url.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { cliLogger } from './cli-logger.js';
import { loadCliConfig } from './load-cli-config.js';
import { type OpenedCliStore, openCliStore, openCliStoreForDryRun } from './open-cli-store.js';

const USAGE =
  'expected: users import --tenant NAME [--domain D ...] | users import --csv FILE, each with [--dry-run] [--send-activation] [--json]';

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  tenant: { type: 'string' },
  domain: { type: 'string', multiple: true },
  csv: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  'send-activation': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

// A CSV is read whole (every row is checked before anything is written); far above any real directory.
const MAX_CSV_BYTES = 64 * 1024 * 1024;

// A listing of a large tenant is long: let each page wait out throttling longer than a user's request would.
const LISTING_CALLS: CallOptions = { maxRetries: 6, maxRetryWaitMs: 5 * 60_000 };

function chooseTenant(
  config: PortalConfig,
  name: string,
  domains: string[],
): { tenant: TenantConfig; domains: Set<string> } {
  const tenant = config.tenants.find((t) => t.name.toLowerCase() === name.toLowerCase());
  if (tenant === undefined)
    throw new UsageError(
      `users import: no tenant named ${name} in the config (configured: ${config.tenants.map((t) => t.name).join(', ') || 'none'})`,
    );
  const chosen = domains.map((d) => d.trim().toLowerCase());
  for (const domain of chosen)
    if (!tenant.domains.includes(domain))
      throw new UsageError(
        `users import: ${domain} is not a domain of tenant ${tenant.name} (its domains: ${tenant.domains.join(', ')})`,
      );
  return { tenant, domains: new Set(chosen.length > 0 ? chosen : tenant.domains) };
}

async function readCsv(path: string, io: CliIo): Promise<ImportEntry[] | null> {
  let bytes: Uint8Array;
  try {
    if ((await stat(path)).size > MAX_CSV_BYTES)
      throw new UsageError(`users import: ${path} is larger than ${MAX_CSV_BYTES / 1024 / 1024} MiB`);
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `users import: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const parsed = parseUserCsv(bytes);
  if (!parsed.ok) {
    for (const { line, message } of parsed.errors) io.err(`${path}:${line}: ${message}`);
    io.err(
      `${parsed.errors.length} bad row(s) in ${path}: nothing was imported; fix them and run the import again`,
    );
    return null;
  }
  return parsed.rows.map(classifyCsvRow);
}

/**
 * Graph's notes on a call it waits to retry or that got no answer go to the admin (stderr), so a long
 * wait under throttling is explained; MSAL's (it warns on every client-credentials token) do not.
 */
function graphNotes(logger: Logger): GraphLogger {
  return {
    debug: () => undefined,
    warn: (obj, msg) => {
      if ('operation' in obj) logger.warn(obj, msg);
    },
  };
}

/** A real import may create the database of a new install; it is new when opening it ran migrations. */
async function openCliStoreToImport(config: PortalConfig, io: CliIo): Promise<OpenedCliStore> {
  const store = await openCliStore(config, io, { poolSize: 2, mayCreate: true });
  return { store, newInstall: store.migrationsRun.length > 0 };
}

function newInstallNote(database: string): string {
  const shown = isPostgresUrl(database) ? redactedDatabaseUrl(database) : database;
  return `New install: there is no Passgate database at ${shown} yet, so no one is already present and every address not skipped would be created; the import without --dry-run creates the database.`;
}

async function* fromArray(entries: ImportEntry[]): AsyncIterable<ImportEntry> {
  yield* entries;
}

/**
 * `passgate users import --tenant NAME | --csv FILE`: creates pending_activation users for the people of
 * a Microsoft 365 tenant or a CSV file, never touching an existing one; prints what it did.
 */
export async function usersImportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length > 0)
    throw new UsageError(`users import: unexpected ${positionals.join(' ')}; ${USAGE}`);
  if ((values.tenant === undefined) === (values.csv === undefined))
    throw new UsageError(`users import: ${USAGE}`);
  if (values.csv !== undefined && values.domain !== undefined)
    throw new UsageError('users import: --domain goes with --tenant; a CSV file lists its addresses itself');
  const config = await loadCliConfig(values.config, io.env);
  const dryRun = values['dry-run'];
  // Everything the source needs is checked (the CSV read whole, the tenant and domains found) before the
  // database is opened; the Graph client is made after, so a refused database leaves nothing to close.
  let entries: ImportEntry[] = [];
  if (values.csv !== undefined) {
    const read = await readCsv(values.csv, io);
    if (read === null) return 1;
    entries = read;
  }
  const chosen =
    values.tenant === undefined ? null : chooseTenant(config, values.tenant, values.domain ?? []);
  // A dry run writes nothing, not even a new database file or a migration: it reads one that is ready or,
  // on a new install, an empty one in memory. A real run on a new install creates the database.
  const { store, newInstall } = dryRun
    ? await openCliStoreForDryRun(config, io, { poolSize: 2 })
    : await openCliStoreToImport(config, io);
  let heading = `CSV file ${values.csv}`;
  let client: M365Client | null = null;
  let outcome: ImportOutcome;
  try {
    let source: AsyncIterable<ImportEntry> = fromArray(entries);
    let sourceName = `csv ${values.csv}`;
    if (chosen !== null) {
      const { tenant, domains } = chosen;
      client = createM365Client(tenant.graph, {
        logger: graphNotes(cliLogger(config, io).child({ tenant: tenant.name })),
      });
      heading = `Microsoft 365 tenant ${tenant.name} (${[...domains].join(', ')})`;
      sourceName = `tenant ${tenant.name}`;
      source = tenantEntries(client, domains, LISTING_CALLS);
    }
    outcome = await importUsers(
      { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail'), now: () => new Date() },
      source,
      {
        dryRun,
        sendActivation: values['send-activation'] && !dryRun,
        actor: { type: 'admin', id: 'cli' },
        source: sourceName,
      },
    );
  } finally {
    await client?.close();
    await store.close();
  }
  const error = describeStop(outcome.stopped);
  if (values.json) io.out(JSON.stringify({ ...importReportJson(outcome.report, error), newInstall }));
  else {
    for (const line of renderImportReport(outcome.report, heading)) io.out(line);
    if (dryRun && newInstall) io.out(newInstallNote(config.database));
  }
  if (error === null) return 0;
  io.err(
    `users import stopped part-way: ${error.code}: ${error.message}. What is reported above was done; running the import again goes on from there (it never creates anyone twice).`,
  );
  return 1;
}

function describeStop(stopped: unknown): { code: string; message: string } | null {
  if (stopped === null) return null;
  if (stopped instanceof M365Error) {
    const ids = stopped.requestId ? ` (request-id ${stopped.requestId})` : '';
    return { code: stopped.code, message: `${stopped.message}${ids}` };
  }
  return { code: 'UNEXPECTED', message: stopped instanceof Error ? stopped.message : String(stopped) };
}
