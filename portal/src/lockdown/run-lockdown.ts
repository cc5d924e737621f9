import { randomUUID } from 'node:crypto';
import { type CallOptions, type M365Client, M365Error } from '@passgate/core/graph';
import type { Kysely } from 'kysely';
import type { PortalConfig, TenantConfig } from '../config/portal-config.js';
import type { Database } from '../store/database-schema.js';
import { portalResetUrl } from './branding-state.js';
import { lockDownBranding } from './lockdown-branding.js';
import type { LockdownContext } from './lockdown-context.js';
import { lockDownExpiry } from './lockdown-expiry.js';
import type { LockdownReport } from './lockdown-report.js';
import { tenantUsers } from './tenant-users.js';

/**
 * Entra's write budget refills over 150 s (3,000 writes per app per tenant): a large lockdown may
 * have to wait that long for it, so throttled writes are retried more patiently than a user's change.
 */
const LOCKDOWN_CALLS: CallOptions = { maxRetries: 10, maxRetryWaitMs: 150_000 };

export interface LockdownDeps {
  client: M365Client;
  db: Kysely<Database>;
  config: PortalConfig;
}

/**
 * `passgate tenants lockdown`: turns Microsoft's own password expiry off for the portal's users in
 * the tenant and points the sign-in page's reset link at the portal. Reads the tenant's state first
 * and changes only what differs, so running it twice changes nothing the second time. With
 * `apply: false` it changes nothing and reports what it would do. A step that cannot be done (a
 * missing permission or licence) is reported and the others still run.
 */
export async function runLockdown(
  deps: LockdownDeps,
  tenant: TenantConfig,
  options: { apply: boolean; now?: () => Date },
): Promise<LockdownReport> {
  const claims = await deps.client.readAccessClaims();
  const context: LockdownContext = {
    ...deps,
    tenant,
    claims,
    apply: options.apply,
    now: options.now ?? (() => new Date()),
    // One id for every audit event of this run, so the log shows what one lockdown did.
    correlationId: randomUUID(),
    calls: LOCKDOWN_CALLS,
  };
  const users = await tenantUsers(deps.db, deps.config.tenants, tenant);
  let expiry: LockdownReport['expiry'];
  try {
    expiry = await lockDownExpiry(context, users);
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    expiry = {
      users: users.length,
      changes: [],
      unchanged: 0,
      skippedUsers: [],
      skipped: { code: 'CANNOT_READ_USERS', message: `the users could not be read: ${error.message}` },
    };
  }
  // As for expiry: a step that cannot be done is reported, beside what the other step did.
  let branding: LockdownReport['branding'];
  try {
    branding = await lockDownBranding(context);
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    branding = {
      target: portalResetUrl(deps.config.publicUrl).url,
      outcome: 'failed',
      reason: {
        code: 'CANNOT_READ_BRANDING',
        message: `the sign-in branding could not be read: ${error.message}`,
      },
    };
  }
  return { tenant: tenant.name, tenantId: claims.tenantId, applied: options.apply, expiry, branding };
}
