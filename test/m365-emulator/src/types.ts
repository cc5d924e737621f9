import type { DirectoryAuditRecord } from './audit-log.js';
import type { EmulatedOidcProvider } from './oidc-types.js';

export interface StartM365EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The emulator's clock (ms since epoch); advanceClock() adds to it. Default Date.now. */
  now?: () => number;
  /**
   * The identity provider's issuer ends with a slash (`<origin>/oidc/`), as Entra ID's v1.0 issuer
   * (https://sts.windows.net/<tenant>/) and Azure AD B2C's do. OIDC compares issuers exactly.
   */
  oidcIssuerSlash?: boolean;
}

export interface AddTenantInput {
  id?: string;
  name: string;
  domains: { name: string; federated?: boolean }[];
}

export interface AddAppInput {
  clientId?: string;
  clientSecret?: string;
  /**
   * When the client secret expires (ISO 8601, like Graph's passwordCredential.endDateTime); from then on
   * the token endpoint refuses it with AADSTS7000222. Default 2299-12-31: never, for a test.
   */
  clientSecretEndDateTime?: string;
  /**
   * PEM certificate whose private key signs client assertions (matched by x5t#S256). Its notBefore and
   * notAfter are the credential's start and end dates: before the one or past the other the token
   * endpoint refuses the assertion (AADSTS700027).
   */
  certificatePem?: string;
  /** Application permissions (Graph app roles), e.g. User.Read.All. */
  permissions: string[];
  /** Directory roles held by the app's service principal, e.g. Privileged Authentication Administrator. */
  directoryRoles?: string[];
  /** The app's name in the directory (the audit log's initiatedBy.app.displayName). */
  displayName?: string;
}

export interface AddUserInput {
  userPrincipalName: string;
  displayName?: string;
  mail?: string;
  password?: string;
  accountEnabled?: boolean;
  onPremisesSyncEnabled?: boolean;
  /** Admin roles held by the user: password writes to them need Privileged Authentication Administrator. */
  directoryRoles?: string[];
  passwordPolicies?: string;
  /**
   * Member or Guest (B2B). Default: Guest when the UPN carries `#EXT#` (an invited guest's UPN, e.g.
   * `ann_fabrikam.com#EXT#@contoso.onmicrosoft.com`), else Member. null: an old account with none.
   */
  userType?: 'Member' | 'Guest' | null;
}

export interface EmulatedUserView {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  mail: string | null;
  accountEnabled: boolean;
  lastPasswordChangeDateTime: string | null;
  passwordPolicies: string | null;
  userType: 'Member' | 'Guest' | null;
  onPremisesSyncEnabled: boolean | null;
  onPremisesImmutableId: string | null;
  federated: boolean;
  directoryRoles: string[];
  /** How many times a password was written (through Graph or changePasswordElsewhere; not the seed). */
  passwordWrites: number;
  /** How many times revokeSignInSessions was called for this user. */
  sessionRevocations: number;
  forceChangePasswordNextSignIn: boolean;
}

export interface EmulatorRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  status: number;
  /** Emulator clock (ms since epoch) when the request arrived. */
  at: number;
  clientRequestId: string | null;
  throttlePriority: string | null;
  /** Tenant and client the request was authenticated as, when known. */
  tenantId: string | null;
  clientId: string | null;
  /** The parsed request body with secrets and passwords replaced by "[REDACTED]". */
  body: unknown;
  /** Set on a request that came inside a JSON batch: the batch's request-id and the request's id in it. */
  batch?: { requestId: string; id: string };
}

/** Where a password was changed besides Passgate (see password-activities.ts for what each logs). */
export type PasswordDoor = 'admin-center' | 'self-service-reset' | 'self-service-change' | 'other-app';

export interface OutsidePasswordChange {
  door: PasswordDoor;
  /** The new password: checked against Entra's rules, kept as a digest, never shown back. */
  password: string;
  /** admin-center: the admin's user principal name (default admin@<the tenant's first domain>). */
  by?: string;
  /** other-app: the app that called Graph (default a "PowerShell script" app with a random appId). */
  app?: { appId?: string; displayName?: string };
}

export interface ThrottleLimit {
  writes: number;
  perMs: number;
}

/** Only requests whose path starts with `pathPrefix` (e.g. `/v1.0/users`) count toward a fault; default all. */
export type EmulatorFault = (
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; count: number; retryAfterSeconds?: number }
  | { kind: 'delay'; ms: number; count: number }
  /**
   * Held `ms`, then carried out even if the caller has given up meanwhile (answered only if it is still
   * there): a write Microsoft applies after the client's timeout, as any server may.
   */
  | { kind: 'lateApply'; ms: number; count: number }
  | { kind: 'drop'; count: number }
  /** Answer with any Graph error body, e.g. one Passgate does not recognise. */
  | { kind: 'graphError'; status: number; code: string; count: number }
  /** Answer normally, but with this `@odata.nextLink` on a list page (a link off the Graph root). */
  | { kind: 'nextLink'; nextLink: string; count: number }
) & { pathPrefix?: string };

export interface M365Emulator {
  /** The demo's OpenID Connect provider (issuer `<origin>/oidc`) for the admin console's sign-in. */
  oidc: EmulatedOidcProvider;
  /** https://127.0.0.1:PORT (the certificate is also valid for localhost). */
  origin: string;
  /** The CA that signed the server certificate: give it to clients as caCertificates. */
  caCertificatePem: string;
  /** The custom cloud pair to configure a client with. */
  cloud: { authorityHost: string; graphBaseUrl: string };
  addTenant(input: AddTenantInput): { id: string };
  addApp(tenantId: string, input: AddAppInput): { clientId: string; clientSecret?: string };
  addUser(tenantId: string, input: AddUserInput): { id: string };
  getUser(tenantId: string, idOrUpn: string): EmulatedUserView | null;
  /** Whether `password` is the user's current one (the password match only; see accountEnabled). */
  verifyPassword(tenantId: string, idOrUpn: string, password: string): boolean;
  /**
   * The passwords written through Graph for the user, oldest first, each told as the index in
   * `candidates` of the one it was (null: none of them): the emulator still never shows a password.
   */
  passwordHistory(tenantId: string, idOrUpn: string, candidates: readonly string[]): (number | null)[];
  requests(): EmulatorRequest[];
  /**
   * Changes a user's password the way Microsoft's other doors do (admin center, self-service reset,
   * self-service change, another app through Graph): lastPasswordChangeDateTime moves to the emulator's
   * clock and the audit log records who did it. Returns the new lastPasswordChangeDateTime and the
   * activities logged. Throws when Entra would refuse the password or cannot change it in the cloud.
   */
  changePasswordElsewhere(
    tenantId: string,
    idOrUpn: string,
    change: OutsidePasswordChange,
  ): { lastPasswordChangeDateTime: string; activities: string[] };
  /** The tenant's directory audit log as Graph lists it (newest first), after the 7-day retention. */
  directoryAudits(tenantId: string): DirectoryAuditRecord[];
  /** Write limit per app per tenant; null restores Entra's 3,000 per 150 s. */
  setThrottle(limit: ThrottleLimit | null): void;
  injectFaults(fault: EmulatorFault): void;
  /** Drops every fault still waiting (Microsoft has recovered). */
  clearFaults(): void;
  advanceClock(ms: number): void;
  /** A domain's password expiry as GET /domains/{name} reports it (null: not set, Entra's 90/14-day defaults apply). */
  setDomainPasswordPolicy(
    tenantId: string,
    domain: string,
    policy: { passwordValidityPeriodInDays: number | null; passwordNotificationWindowInDays?: number | null },
  ): void;
  /** Whether the tenant holds a licence that includes company branding (default true); without one, branding writes get 403. */
  setBrandingLicence(tenantId: string, licensed: boolean): void;
  /** The default sign-in branding as Graph's GET returns it, or null when none exists (a new tenant). */
  getBranding(tenantId: string): Record<string, unknown> | null;
  /** Creates or replaces the default branding with these String properties, as an admin would in the admin center; null removes it. */
  setBranding(tenantId: string, properties: Record<string, string | null> | null): void;
  close(): Promise<void>;
}
