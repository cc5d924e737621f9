import type { TenantConfig } from '../config/portal-config.js';

/** The tenant that owns the e-mail's domain, or null when the user lives only in the portal. */
export function tenantForEmail<T extends { domains: readonly string[] } = TenantConfig>(
  tenants: readonly T[],
  email: string,
): T | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return tenants.find((tenant) => tenant.domains.includes(domain)) ?? null;
}

/** E-mail addresses are compared lower-cased and trimmed everywhere (they are also the UPN). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
