import type { Kysely } from 'kysely';
import { tenantForEmail } from '../accounts/tenant-for-email.js';
import type { TenantConfig } from '../config/portal-config.js';
import type { Database } from '../store/database-schema.js';

export interface TenantUser {
  id: string;
  /** Lower-cased; also the user's Microsoft 365 userPrincipalName. */
  email: string;
}

/**
 * The portal's users whose e-mail domain belongs to the tenant: the people whose password the
 * portal owns there, and so the only ones lockdown turns Microsoft's expiry off for.
 */
export async function tenantUsers(
  db: Kysely<Database>,
  tenants: readonly TenantConfig[],
  tenant: TenantConfig,
): Promise<TenantUser[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email'])
    // Domains are checked at config load (letters, digits, '-', '.'), so none holds a LIKE wildcard.
    .where((eb) => eb.or(tenant.domains.map((domain) => eb('email', 'like', `%@${domain}`))))
    .orderBy('email')
    .execute();
  return rows.filter((row) => tenantForEmail(tenants, row.email)?.name === tenant.name);
}
