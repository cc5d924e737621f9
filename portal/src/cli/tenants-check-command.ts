import { parseArgs } from 'node:util';
import { createM365Client, M365Error } from '@passgate/core/graph';
import type { PortalConfig, TenantConfig } from '../config/portal-config.js';
import { deepCheckTenant } from '../lockdown/deep-check.js';
import type { Store } from '../store/open-store.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { loadCliConfig } from './load-cli-config.js';
import { openCliStore } from './open-cli-store.js';
import { deepCheckSections } from './render-deep-check.js';

function describeError(error: unknown): string {
  return error instanceof M365Error
    ? `${error.code}: ${error.message}${error.requestId ? ` (request-id ${error.requestId})` : ''}`
    : String(error);
}

/** Checks one tenant; returns whether it passed. */
async function checkTenant(
  config: PortalConfig,
  tenant: TenantConfig,
  deep: { store: Store; json: boolean } | null,
  io: CliIo,
): Promise<boolean> {
  const client = createM365Client(tenant.graph);
  const label = `${tenant.name} (${tenant.domains.join(', ')})`;
  try {
    if (deep === null) {
      const result = await client.checkAccess();
      io.out(`ok      ${label}: signed in to ${result.tenantId}, users readable`);
      return true;
    }
    // No checkAccess() first: an app that may not read users is exactly one whose permissions
    // the admin needs listed; the report shows the users as unreadable instead.
    const report = await deepCheckTenant(client, deep.store.db, config, tenant);
    const sections = deepCheckSections(report);
    const passed = sections.every((s) => s.lines.every((line) => line.level !== 'FIX'));
    if (deep.json) {
      io.out(JSON.stringify({ ...report, passed }));
      return passed;
    }
    io.out(`${passed ? 'ok    ' : 'FIX   '}  ${label}: signed in to ${report.tenantId}`);
    for (const section of sections) {
      io.out(`  ${section.heading}:`);
      for (const line of section.lines) io.out(`    ${line.level.padEnd(5)} ${line.text}`);
    }
    return passed;
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    io.out(
      deep?.json
        ? JSON.stringify({
            tenant: tenant.name,
            passed: false,
            error: { code: error.code, message: error.message },
          })
        : `FAILED  ${label}: ${describeError(error)}`,
    );
    return false;
  } finally {
    await client.close();
  }
}

/**
 * `passgate tenants check [--deep] [--json]`: signs in to each tenant and reads one user, so a wrong
 * secret or a missing permission shows before a user meets it. `--deep` also reports which needed
 * permissions and directory roles the app holds, whether Microsoft's own expiry still reaches the
 * portal's users, and where the sign-in page's reset link goes. Exit 1 when anything needs fixing.
 */
export async function tenantsCheckCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c' },
      deep: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length > 0) throw new UsageError('expected: tenants check [--deep] [--json]');
  if (values.json && !values.deep) throw new UsageError('--json goes with --deep');
  const config = await loadCliConfig(values.config, io.env);
  if (config.tenants.length === 0) {
    io.out('no tenants configured: password changes stay in the portal');
    return 0;
  }
  const store = values.deep ? await openCliStore(config, io, { poolSize: 2 }) : null;
  let failures = 0;
  try {
    for (const tenant of config.tenants) {
      const passed = await checkTenant(config, tenant, store ? { store, json: values.json } : null, io);
      if (!passed) failures += 1;
    }
  } finally {
    await store?.close();
  }
  return failures === 0 ? 0 : 1;
}
