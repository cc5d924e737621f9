import { type M365Client, M365Error } from '@passgate/core/graph';
import type { Kysely } from 'kysely';
import type { PortalConfig, TenantConfig } from '../config/portal-config.js';
import type { Database } from '../store/database-schema.js';
import { type BrandingState, portalResetUrl, readBrandingState } from './branding-state.js';
import { type DomainExpiry, domainExpiry, readUserExpiry, type TenantUserExpiry } from './expiry-state.js';
import { type AccessFinding, assessAccess } from './required-access.js';
import { tenantUsers } from './tenant-users.js';

/** A section that could not be read, and why (the code is M365Error's). */
export interface Unreadable {
  unreadable: { code: string; message: string };
}

export interface DeepCheckReport {
  tenant: string;
  tenantId: string;
  access: AccessFinding[];
  domains: DomainExpiry[] | Unreadable;
  users: TenantUserExpiry[] | Unreadable;
  branding: { target: string; acceptable: boolean; state: BrandingState | Unreadable };
}

async function section<T>(read: () => Promise<T>): Promise<T | Unreadable> {
  try {
    return await read();
  } catch (error) {
    if (!(error instanceof M365Error)) throw error;
    return { unreadable: { code: error.code, message: error.message } };
  }
}

/**
 * `tenants check --deep` for one tenant: what the token grants, whether Microsoft's own expiry
 * still applies to the portal's users, and where the sign-in page's reset link goes. Reads only.
 * A section Graph refuses is reported as unreadable; the others are still read.
 */
export async function deepCheckTenant(
  client: M365Client,
  db: Kysely<Database>,
  config: PortalConfig,
  tenant: TenantConfig,
): Promise<DeepCheckReport> {
  const claims = await client.readAccessClaims();
  const users = await tenantUsers(db, config.tenants, tenant);
  const { url, acceptable } = portalResetUrl(config.publicUrl);
  return {
    tenant: tenant.name,
    tenantId: claims.tenantId,
    access: assessAccess(claims),
    domains: await section(async () =>
      Promise.all(tenant.domains.map(async (name) => domainExpiry(name, await client.getDomain(name)))),
    ),
    users: await section(() => readUserExpiry(client, users)),
    branding: {
      target: url,
      acceptable,
      state: await section(() => readBrandingState(client, claims.tenantId, url)),
    },
  };
}

export function isUnreadable<T>(value: T | Unreadable): value is Unreadable {
  return typeof value === 'object' && value !== null && 'unreadable' in value;
}
