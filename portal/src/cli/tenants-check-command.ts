import { parseArgs } from 'node:util';
import { type ClientCertificateValidity, createM365Client, M365Error } from '@passgate/core/graph';
import { tenantCertificateDates } from '../config/certificate-expiry.js';
import type { PortalConfig, TenantConfig } from '../config/portal-config.js';
import { deepCheckTenant } from '../lockdown/deep-check.js';
import type { Store } from '../store/open-store.js';
import { UsageError } from './cli-error.js';
import type { CliIo } from './cli-io.js';
import { loadCliConfig } from './load-cli-config.js';
import { openCliStore } from './open-cli-store.js';
import { type CheckSection, certificateSection, deepCheckSections } from './render-deep-check.js';

function describeError(error: unknown): string {
  return error instanceof M365Error
    ? `${error.code}: ${error.message}${error.requestId ? ` (request-id ${error.requestId})` : ''}`
    : String(error);
}

function printSection(section: CheckSection, io: CliIo): void {
  io.out(`  ${section.heading}:`);
  for (const line of section.lines) io.out(`    ${line.level.padEnd(5)} ${line.text}`);
}

/** The certificate's end in --json output, when there is a file to read it from. */
function certificateJson(certificate: ClientCertificateValidity | 'inline' | null): {
  certificateExpiresAt?: string;
} {
  return certificate === null || certificate === 'inline'
    ? {}
    : { certificateExpiresAt: certificate.notAfter.toISOString() };
}

/** Checks one tenant; returns whether it passed. `now` is for its certificate's dates. */
async function checkTenant(
  config: PortalConfig,
  tenant: TenantConfig,
  deep: { store: Store; json: boolean } | null,
  now: Date,
  io: CliIo,
): Promise<boolean> {
  const client = createM365Client(tenant.graph);
  const label = `${tenant.name} (${tenant.domains.join(', ')})`;
  const certificate = tenantCertificateDates(tenant.graph);
  try {
    if (deep === null) {
      const result = await client.checkAccess();
      io.out(`ok      ${label}: signed in to ${result.tenantId}, users readable`);
      return true;
    }
    // No checkAccess() first: an app that may not read users is exactly one whose permissions
    // the admin needs listed; the report shows the users as unreadable instead.
    const report = await deepCheckTenant(client, deep.store.db, config, tenant);
    const sections = deepCheckSections(report, certificate, now);
    const passed = sections.every((s) => s.lines.every((line) => line.level !== 'FIX'));
    if (deep.json) {
      io.out(JSON.stringify({ ...report, ...certificateJson(certificate), passed }));
      return passed;
    }
    io.out(`${passed ? 'ok    ' : 'FIX   '}  ${label}: signed in to ${report.tenantId}`);
    for (const section of sections) printSection(section, io);
    return passed;
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    io.out(
      deep?.json
        ? JSON.stringify({
            tenant: tenant.name,
            passed: false,
            error: { code: error.code, message: error.message },
            ...certificateJson(certificate),
          })
        : `FAILED  ${label}: ${describeError(error)}`,
    );
    // Entra ID refuses a certificate outside its dates (AUTH_FAILED): when it is, that is the likely cause.
    const section = certificateSection(certificate, now);
    if (!deep?.json && section?.lines.some((line) => line.level === 'FIX')) printSection(section, io);
    return false;
  } finally {
    await client.close();
  }
}

/**
 * `passgate tenants check [--deep] [--json]`: signs in to each tenant and reads one user, so a wrong
 * secret or a missing permission shows before a user meets it; a certificate outside its dates is named
 * under a failed sign-in. `--deep` also reports when the certificate expires (FIX when expired, not valid
 * yet or within 30 days), which needed permissions and directory roles the app holds, whether Microsoft's
 * own expiry still reaches the portal's users, and where the sign-in page's reset link goes. Exit 1 when
 * anything needs fixing.
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
  const deep = store ? { store, json: values.json } : null;
  // The CLI has no clock of its own to inject: the certificates' dates are compared with now.
  const now = new Date();
  let failures = 0;
  try {
    for (const tenant of config.tenants) {
      const passed = await checkTenant(config, tenant, deep, now, io);
      if (!passed) failures += 1;
    }
  } finally {
    await store?.close();
  }
  return failures === 0 ? 0 : 1;
}
