import { parseArgs } from 'node:util';
import { createM365Client, M365Error } from '@passgate/core/graph';
import { lockdownComplete } from '../lockdown/lockdown-report.js';
import { runLockdown } from '../lockdown/run-lockdown.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { loadCliConfig } from './load-cli-config.js';
import { openCliStore } from './open-cli-store.js';
import { lockdownLines } from './render-lockdown.js';

/**
 * `passgate tenants lockdown --tenant NAME [--apply] [--json]`: closes Microsoft's own password
 * doors in one tenant. A dry run unless --apply. Exit 0: everything done (or, dry, doable);
 * 1: a step was skipped (missing permission or licence, no branding, URL too long) or a change
 * failed, the rest having run; 2: usage; 78: config.
 */
export async function tenantsLockdownCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c' },
      tenant: { type: 'string' },
      apply: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0 || values.tenant === undefined)
    throw new UsageError('expected: tenants lockdown --tenant NAME [--apply] [--json]');
  const config = await loadCliConfig(values.config, io.env);
  const name = values.tenant.toLowerCase();
  const tenant = config.tenants.find((t) => t.name.toLowerCase() === name);
  if (tenant === undefined) {
    const known = config.tenants.map((t) => t.name).join(', ') || 'none';
    throw new UsageError(`no tenant named "${values.tenant}" in the config (tenants: ${known})`);
  }
  const store = await openCliStore(config, io, { poolSize: 2 });
  const client = createM365Client(tenant.graph);
  try {
    const report = await runLockdown({ client, db: store.db, config }, tenant, { apply: values.apply });
    const complete = lockdownComplete(report);
    if (values.json) io.out(JSON.stringify({ ...report, complete }));
    else for (const line of lockdownLines(report)) io.out(line);
    return complete ? 0 : 1;
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    const message = `${error.code}: ${error.message}${error.requestId ? ` (request-id ${error.requestId})` : ''}`;
    if (values.json)
      io.out(JSON.stringify({ tenant: tenant.name, complete: false, error: { code: error.code, message } }));
    else io.out(`FAILED  ${tenant.name}: ${message}`);
    return 1;
  } finally {
    await client.close();
    await store.close();
  }
}
