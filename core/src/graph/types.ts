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
  checkAccess(options?: CallOptions): Promise<{ tenantId: string; usersReadable: true }>;
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
