import { brandingResource, checkBrandingPatch } from './branding-properties.js';
import type { Directory } from './directory.js';
import { emptyBranding } from './tenant-organisation.js';
import type { M365Emulator } from './types.js';

export type OrganisationControls = Pick<
  M365Emulator,
  'setDomainPasswordPolicy' | 'setBrandingLicence' | 'getBranding' | 'setBranding'
>;

/** The emulator's levers on a tenant's domains, branding and licence (what an admin center would change). */
export function organisationControls(directory: Directory): OrganisationControls {
  return {
    setDomainPasswordPolicy(tenantId, domain, policy): void {
      const tenant = directory.requireTenant(tenantId);
      const name = domain.toLowerCase();
      if (!tenant.domains.some((d) => d.name === name))
        throw new Error(`${domain} is not a domain of tenant ${tenant.name}`);
      directory.organisations.of(tenant.id).domainPolicies.set(name, {
        passwordValidityPeriodInDays: policy.passwordValidityPeriodInDays,
        passwordNotificationWindowInDays: policy.passwordNotificationWindowInDays ?? null,
      });
    },
    setBrandingLicence(tenantId, licensed): void {
      directory.organisations.of(directory.requireTenant(tenantId).id).brandingLicensed = licensed;
    },
    getBranding(tenantId) {
      const organisation = directory.organisations.of(directory.requireTenant(tenantId).id);
      return organisation.branding === null ? null : brandingResource('0', organisation.branding);
    },
    setBranding(tenantId, properties): void {
      const organisation = directory.organisations.of(directory.requireTenant(tenantId).id);
      if (properties === null) {
        organisation.branding = null;
        return;
      }
      const checked = checkBrandingPatch(properties);
      if (!checked.ok) throw new Error(checked.message);
      const branding = emptyBranding();
      checked.apply(branding);
      organisation.branding = branding;
    },
  };
}
