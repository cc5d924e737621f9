export const M365_ERROR_CODES = [
  'PASSWORD_REJECTED',
  'USER_NOT_FOUND',
  'FORBIDDEN',
  /** 403 on the directory audit log: the app lacks AuditLog.Read.All (callers fall back, it is optional). */
  'AUDIT_LOG_DENIED',
  'FEDERATED_OR_SYNCED',
  'AUTH_FAILED',
  'THROTTLED',
  'UNAVAILABLE',
  /** Graph answered with a link (`@odata.nextLink`) off the configured Graph root: not followed. */
  'LINK_OUTSIDE_GRAPH',
  'UNEXPECTED',
  /** The tenant has no sign-in branding yet: Graph creates the default one only with a first localization. */
  'BRANDING_NOT_FOUND',
  /** The tenant lacks the licence the feature needs (company branding: Entra ID P1/P2 or Office 365). */
  'LICENCE_REQUIRED',
] as const;

export type M365ErrorCode = (typeof M365_ERROR_CODES)[number];

export interface M365ErrorDetails {
  status?: number;
  graphCode?: string;
  requestId?: string;
  clientRequestId?: string;
  retryAfterMs?: number;
  cause?: unknown;
}

/**
 * The one error every Graph operation throws. Branch on `code`; `status`, `graphCode` and the
 * request ids are for the admin's log (Microsoft support asks for `requestId`/`clientRequestId`).
 * Never built from a request body, so it cannot carry the password.
 */
export class M365Error extends Error {
  readonly code: M365ErrorCode;
  readonly status?: number;
  readonly graphCode?: string;
  readonly requestId?: string;
  readonly clientRequestId?: string;
  readonly retryAfterMs?: number;

  constructor(code: M365ErrorCode, message: string, details: M365ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'M365Error';
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.graphCode !== undefined) this.graphCode = details.graphCode;
    if (details.requestId !== undefined) this.requestId = details.requestId;
    if (details.clientRequestId !== undefined) this.clientRequestId = details.clientRequestId;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
  }
}
