import type { M365Error } from './m365-error.js';

export interface M365User {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string | null;
  accountEnabled: boolean;
  /** Guest: invited from another organisation (B2B). null: an account older than the property. */
  userType: 'Member' | 'Guest' | null;
  lastPasswordChangeDateTime: string | null;
  onPremisesSyncEnabled: boolean | null;
  /** e.g. "DisablePasswordExpiration, DisableStrongPassword"; null when none are set. */
  passwordPolicies: string | null;
}

/** What the app's own access token says Entra granted it (read from the token, see access-claims.ts). */
export interface M365AccessClaims {
  /** The directory (tenant) id: also the organisation's id in Graph. */
  tenantId: string;
  appId: string | null;
  /** Application permissions (the `roles` claim), e.g. User.Read.All. */
  roles: string[];
  /** Directory roles of the app's service principal as role template ids (the `wids` claim; absent: []). */
  directoryRoleIds: string[];
}

/** A domain's password expiry as Graph reports it; null: not set (Entra then applies 90 and 14 days). */
export interface M365Domain {
  id: string;
  authenticationType: string | null;
  passwordValidityPeriodInDays: number | null;
  passwordNotificationWindowInDays: number | null;
}

/** The default sign-in branding's properties Passgate looks at. */
export interface M365Branding {
  /** Where the sign-in page's "Forgot my password?" / reset link goes; null: Microsoft's own reset. */
  customAccountResetCredentialsUrl: string | null;
  /** loginPageTextVisibilitySettings.hideAccountResetCredentials: the reset link is not shown at all. */
  hideAccountResetCredentials: boolean;
}

/** A user's password policies and what decides whether Passgate may change them. */
export interface M365UserPasswordPolicies {
  id: string;
  userPrincipalName: string;
  /** Member, Guest, or null when Graph has none. */
  userType: string | null;
  onPremisesSyncEnabled: boolean | null;
  /** Comma-separated, e.g. "DisablePasswordExpiration, DisableStrongPassword"; null or "None": none. */
  passwordPolicies: string | null;
}

/** The outcome of one user's write inside JSON batches. */
export type M365BatchOutcome = { user: string; ok: true } | { user: string; ok: false; error: M365Error };

/** One user's password time, as the drift sweep streams them (pages of up to 999). */
export interface M365PasswordChangeTime {
  id: string;
  userPrincipalName: string;
  /** When the password last changed (or the user was created), UTC; Graph says it is never null. */
  lastPasswordChangeDateTime: string | null;
  /** true: synced from on-premises AD, where the password is mastered (and this time is the sync's). */
  onPremisesSyncEnabled: boolean | null;
}

/** One record of Entra's directory audit log (microsoft.graph.directoryAudit), the parts Passgate reads. */
export interface M365DirectoryAudit {
  id: string;
  /** UTC, with fractions of a second. */
  activityDateTime: string;
  activityDisplayName: string;
  loggedByService: string | null;
  /** success, failure, timeout. */
  result: string | null;
  /** Who did it: an app (appId) or a user; either may be null. */
  initiatedBy: {
    app: { appId: string | null; displayName: string | null } | null;
    user: { id: string | null; userPrincipalName: string | null } | null;
  };
  /** The users it acted on (targetResources of type User). */
  targetUsers: { id: string; userPrincipalName: string | null }[];
}

export interface DirectoryAuditQuery {
  /** Records at or after this time (activityDateTime ge). */
  since: Date;
  /** Only these activities (activityDisplayName eq … or …); all when absent. */
  activities?: readonly string[];
}

export interface CallOptions {
  /** A person is waiting on this call: sent as `x-ms-throttle-priority: High`. */
  userInitiated?: boolean;
  /** Retries inside the call on 429/503/504 (default 2). */
  maxRetries?: number;
  /** When Microsoft asks to wait longer than this (default 30 000), throw THROTTLED/UNAVAILABLE at once with retryAfterMs. */
  maxRetryWaitMs?: number;
  signal?: AbortSignal;
}

export interface M365Client {
  getUser(idOrUpn: string, options?: CallOptions): Promise<M365User | null>;
  setPassword(
    idOrUpn: string,
    password: string,
    options?: CallOptions & { enableAccount?: boolean },
  ): Promise<void>;
  setAccountEnabled(idOrUpn: string, enabled: boolean, options?: CallOptions): Promise<void>;
  revokeSessions(idOrUpn: string, options?: CallOptions): Promise<void>;
  listUsers(query: { domain: string }, options?: CallOptions): AsyncIterable<M365User>;
  /** Every user of the tenant, streamed a page (999) at a time; see list-all-users.ts. */
  listAllUsers(options?: CallOptions): AsyncIterable<M365User>;
  /** Every user of the tenant with its lastPasswordChangeDateTime, a page (≤ 999) at a time. */
  listPasswordChangeTimes(options?: CallOptions): AsyncIterable<M365PasswordChangeTime[]>;
  /**
   * The directory audit log from `since`, filtered by activity. Needs AuditLog.Read.All: without it,
   * throws M365Error AUDIT_LOG_DENIED.
   */
  listDirectoryAudits(query: DirectoryAuditQuery, options?: CallOptions): AsyncIterable<M365DirectoryAudit>;
  checkAccess(options?: CallOptions): Promise<{ tenantId: string; usersReadable: true }>;
  /** The permissions and directory roles Entra put in the app's access token. */
  readAccessClaims(): Promise<M365AccessClaims>;
  /** The organisation's id (Graph's organization id is the tenant id). */
  getOrganizationId(): Promise<string>;
  /** GET /domains/{name}; null when the tenant has no such domain. */
  getDomain(name: string, options?: CallOptions): Promise<M365Domain | null>;
  /** The default sign-in branding; null when none exists. Throws FORBIDDEN without a read permission. */
  getBranding(organizationId: string, options?: CallOptions): Promise<M365Branding | null>;
  /**
   * Sets the sign-in page's reset link (at most 128 ASCII characters). Throws BRANDING_NOT_FOUND when
   * the tenant has no branding yet, FORBIDDEN without the permission, LICENCE_REQUIRED without the licence.
   */
  setAccountResetUrl(organizationId: string, url: string, options?: CallOptions): Promise<void>;
  /** Each user's password policies, read 20 to a JSON batch; null for a user that does not exist. */
  getPasswordPolicies(
    users: readonly string[],
    options?: CallOptions,
  ): Promise<Map<string, M365UserPasswordPolicies | null>>;
  /** Sets passwordPolicies, 20 users to a JSON batch, retrying throttled ones after their Retry-After. */
  setPasswordPolicies(
    updates: readonly { user: string; passwordPolicies: string }[],
    options?: CallOptions,
  ): Promise<M365BatchOutcome[]>;
  close(): Promise<void>;
}

/** pino-compatible. Nothing passed here ever holds a password. */
export interface GraphLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface CreateM365ClientOptions {
  logger?: GraphLogger;
  now?: () => number;
}
