import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { tenantsCheckCommand } from './tenants-check-command.js';
import { tenantsLockdownCommand } from './tenants-lockdown-command.js';

export const TENANTS_USAGE =
  'expected: tenants check [--deep] [--json] | tenants lockdown --tenant NAME [--apply] [--json]';

/** `passgate tenants check|lockdown`. */
export async function tenantsCommand(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'check') return tenantsCheckCommand(rest, io);
  if (action === 'lockdown') return tenantsLockdownCommand(rest, io);
  throw new UsageError(TENANTS_USAGE);
}
