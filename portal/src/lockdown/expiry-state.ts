import type { CallOptions, M365Client, M365Domain } from '@passgate/core/graph';
import { withDisablePasswordExpiration } from './password-policies-value.js';
import type { TenantUser } from './tenant-users.js';

/**
 * passwordValidityPeriodInDays for "passwords never expire": Int32's largest value, what Microsoft's
 * admin center and `Update-MgDomain -PasswordValidityPeriodInDays 2147483647` set (CIS Microsoft 365
 * benchmark 1.3.1). Unset (null) means Entra's documented default of 90 days.
 */
export const NEVER_EXPIRES = 2147483647;
const DEFAULT_VALIDITY_DAYS = 90;

export interface DomainExpiry {
  domain: string;
  /** null: the tenant has no such domain (or it could not be read). */
  found: boolean;
  /** Days a password lasts; null: never. */
  expiresAfterDays: number | null;
  /** passwordValidityPeriodInDays was not set: the 90 days are Entra's default. */
  isDefault: boolean;
}

export type UserExpiryState =
  | { kind: 'not_in_microsoft_365' }
  | { kind: 'guest' }
  | { kind: 'synced' }
  | { kind: 'disabled_already'; passwordPolicies: string | null }
  | { kind: 'expiry_on'; passwordPolicies: string | null; to: string };

export interface TenantUserExpiry extends TenantUser {
  state: UserExpiryState;
}

export function domainExpiry(name: string, domain: M365Domain | null): DomainExpiry {
  if (domain === null) return { domain: name, found: false, expiresAfterDays: null, isDefault: false };
  const days = domain.passwordValidityPeriodInDays;
  return {
    domain: name,
    found: true,
    expiresAfterDays: days === null ? DEFAULT_VALIDITY_DAYS : days >= NEVER_EXPIRES ? null : days,
    isDefault: days === null,
  };
}

/**
 * Each portal user's standing with Microsoft's own expiry. Guests and users synced from on-premises
 * are never touched: a guest's password lives in its home directory, a synced user's expiry follows
 * on-premises Active Directory and Graph does not master its account. `calls`: lockdown reads with the
 * same patience as it writes; the deep check keeps a call's defaults.
 */
export async function readUserExpiry(
  client: M365Client,
  users: readonly TenantUser[],
  calls?: CallOptions,
): Promise<TenantUserExpiry[]> {
  const read = await client.getPasswordPolicies(
    users.map((u) => u.email),
    calls,
  );
  return users.map((user): TenantUserExpiry => {
    const graph = read.get(user.email) ?? null;
    if (graph === null) return { ...user, state: { kind: 'not_in_microsoft_365' } };
    if (graph.userType === 'Guest' || graph.userPrincipalName.includes('#EXT#'))
      return { ...user, state: { kind: 'guest' } };
    if (graph.onPremisesSyncEnabled === true) return { ...user, state: { kind: 'synced' } };
    const to = withDisablePasswordExpiration(graph.passwordPolicies);
    if (to === null)
      return { ...user, state: { kind: 'disabled_already', passwordPolicies: graph.passwordPolicies } };
    return { ...user, state: { kind: 'expiry_on', passwordPolicies: graph.passwordPolicies, to } };
  });
}
