// Light imports only: the commands themselves are loaded when they run (cli-commands.ts).
import { ConfigError } from '../config/config-error.js';
import { StoreError } from '../store/store-error.js';
import { findCliCommand } from './cli-commands.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { EXTENSION_USAGE } from './extension-usage.js';

const USAGE = `passgate — password portal that keeps Microsoft 365 in step

Usage:
  passgate serve --config FILE
  passgate users add <email> [--name NAME] [--password-stdin] --config FILE
  passgate users list [--json] --config FILE
  passgate users show <email> [--json] --config FILE
  passgate users add <email> --pending [--name NAME] --config FILE   (no password: sends a welcome link)
  passgate users import --tenant NAME [--domain D ...] [--dry-run] [--send-activation] [--json] --config FILE
  passgate users import --csv FILE [--dry-run] [--send-activation] [--json] --config FILE
                                                (pending_activation users from Microsoft 365 or a CSV)
  passgate users expire|unlock|suspend|unsuspend|send-activation <email> --config FILE
  passgate users never-expires <email> on|off --config FILE
  passgate users admin <email> on|off --config FILE
  passgate users clear-recovery <email> --config FILE
  passgate audit export [--user EMAIL] [--since ISO-DATE] --config FILE
  passgate tenants check [--deep [--json]] --config FILE
  passgate tenants lockdown --tenant NAME [--apply] [--json] --config FILE
                                                (dry run unless --apply: Microsoft's own expiry off for
                                                 the portal's users, sign-in reset link to the portal)
  passgate db migrate --config FILE             (runs pending migrations, says which)
  passgate db check --config FILE               (schema version, pending migrations: exit 1 if any)
  passgate db backup --out FILE --config FILE   (SQLite: an online copy into a new 0600 file)
  passgate db copy --config FILE                (a stopped portal's SQLite into an empty PostgreSQL
                                                 database: PASSGATE_DB_COPY_TO, or --to URL)

FILE is JSON or YAML (see docs/admin.md); PASSGATE_CONFIG may name it instead of --config.

${EXTENSION_USAGE}`;

/** Runs one command; returns the exit code. Errors an admin can fix are printed without a stack. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  const load = findCliCommand(name);
  if (load === undefined) {
    (name === undefined || name === '--help' || name === 'help' ? io.out : io.err)(USAGE);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  try {
    const command = await load();
    return await command(rest, io);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StoreError) {
      io.err(error.message);
      return 78; // EX_CONFIG
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`passgate ${name}: ${(error as Error).message}`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    if (code === 'USER_EXISTS' || code === 'USER_NOT_FOUND' || code === 'USER_STATE') {
      io.err((error as Error).message);
      return 1;
    }
    throw error;
  }
}
