/** A domain's password expiry as Graph's domain resource carries it (null: not set, Entra's default applies). */
export interface DomainPasswordPolicy {
  passwordValidityPeriodInDays: number | null;
  passwordNotificationWindowInDays: number | null;
}

/** The string properties of organizationalBranding the emulator keeps (null: not set). */
export type BrandingProperties = Record<string, string | null>;

export interface LoginPageTextVisibilitySettings {
  hideCannotAccessYourAccount: boolean | null;
  hideAccountResetCredentials: boolean | null;
  hideTermsOfUse: boolean | null;
  hidePrivacyAndCookies: boolean | null;
  hideForgotMyPassword: boolean | null;
  hideResetItNow: boolean | null;
}

export interface Branding {
  properties: BrandingProperties;
  loginPageTextVisibilitySettings: LoginPageTextVisibilitySettings;
}

/** What a tenant's organisation object holds beyond its users: domains' expiry, branding, licences. */
export interface TenantOrganisation {
  domainPolicies: Map<string, DomainPasswordPolicy>;
  /** The default branding (Accept-Language: 0); null until one exists, as in a new tenant. */
  branding: Branding | null;
  /** Localised brandings by locale id (en-US, fr-FR, …). */
  localizations: Map<string, Branding>;
  /**
   * Whether the tenant holds a licence that includes company branding (Entra ID P1/P2 or an
   * Office 365 licence): without one, branding writes are refused.
   */
  brandingLicensed: boolean;
}

export function emptyBranding(): Branding {
  return {
    properties: {},
    loginPageTextVisibilitySettings: {
      hideCannotAccessYourAccount: null,
      hideAccountResetCredentials: null,
      hideTermsOfUse: null,
      hidePrivacyAndCookies: null,
      hideForgotMyPassword: null,
      hideResetItNow: null,
    },
  };
}

/** Per-tenant organisation state, created with a new tenant's defaults on first use. */
export class OrganisationState {
  private readonly byTenant = new Map<string, TenantOrganisation>();

  of(tenantId: string): TenantOrganisation {
    let organisation = this.byTenant.get(tenantId);
    if (organisation === undefined) {
      organisation = {
        domainPolicies: new Map(),
        branding: null,
        localizations: new Map(),
        brandingLicensed: true,
      };
      this.byTenant.set(tenantId, organisation);
    }
    return organisation;
  }

  /** A domain's expiry; Graph returns null for both when they were never set (Entra then uses 90 and 14 days). */
  domainPolicy(tenantId: string, domain: string): DomainPasswordPolicy {
    return (
      this.of(tenantId).domainPolicies.get(domain.toLowerCase()) ?? {
        passwordValidityPeriodInDays: null,
        passwordNotificationWindowInDays: null,
      }
    );
  }
}
