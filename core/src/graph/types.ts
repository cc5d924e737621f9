export interface M365User {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  displayName: string | null;
  accountEnabled: boolean;
  lastPasswordChangeDateTime: string | null;
  onPremisesSyncEnabled: boolean | null;
}

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
  /** Every user of the tenant with its lastPasswordChangeDateTime, a page (≤ 999) at a time. */
  listPasswordChangeTimes(options?: CallOptions): AsyncIterable<M365PasswordChangeTime[]>;
  /**
   * The directory audit log from `since`, filtered by activity. Needs AuditLog.Read.All: without it,
   * throws M365Error AUDIT_LOG_DENIED.
   */
  listDirectoryAudits(query: DirectoryAuditQuery, options?: CallOptions): AsyncIterable<M365DirectoryAudit>;
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
