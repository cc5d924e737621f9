import { M365Error, type M365ErrorCode } from './m365-error.js';
import type { TransportResponse } from './transport.js';

export interface GraphErrorBody {
  code?: string;
  message?: string;
  requestId?: string;
}

export function readGraphError(response: TransportResponse): GraphErrorBody {
  const fromHeader = response.headers['request-id'];
  try {
    const parsed = JSON.parse(response.body) as {
      error?: { code?: unknown; message?: unknown; innerError?: Record<string, unknown> };
    };
    const error = parsed.error ?? {};
    const inner = error.innerError ?? {};
    const requestId = typeof inner['request-id'] === 'string' ? inner['request-id'] : fromHeader;
    return {
      ...(typeof error.code === 'string' ? { code: error.code } : {}),
      ...(typeof error.message === 'string' ? { message: error.message } : {}),
      ...(requestId ? { requestId } : {}),
    };
  } catch {
    return fromHeader ? { requestId: fromHeader } : {};
  }
}

/** Graph's `Retry-After` is in seconds (an HTTP date is allowed by RFC 9110, so accept that too). */
export function retryAfterMs(response: TransportResponse, now: number): number | undefined {
  const header = response.headers['retry-after'];
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type GraphOperation =
  | 'getUser'
  | 'setPassword'
  | 'setAccountEnabled'
  | 'revokeSessions'
  | 'listUsers'
  | 'listAllUsers'
  | 'checkAccess'
  | 'getDomain'
  | 'getBranding'
  | 'setAccountResetUrl'
  | 'getPasswordPolicies'
  | 'setPasswordPolicies'
  | 'listDirectoryAudits'
  | 'listPasswordChangeTimes';

/**
 * Status plus Graph's `error.code` decide the M365Error code; Graph's message is only carried
 * along for the admin (Microsoft words it differently over time, so nothing branches on it).
 */
export function classifyGraphError(
  operation: GraphOperation,
  status: number,
  graphCode: string | undefined,
): M365ErrorCode {
  if (status === 429) return 'THROTTLED';
  if (status >= 500) return 'UNAVAILABLE';
  if (status === 401) return 'AUTH_FAILED';
  // Graph's answer for a premium-only feature in a tenant without the licence.
  if (status === 403 && graphCode === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant')
    return 'LICENCE_REQUIRED';
  // Reading the audit log is optional (drift detection falls back to lastPasswordChangeDateTime): its
  // refusal gets its own code so a caller can tell it from a missing permission it cannot do without.
  if (status === 403) return operation === 'listDirectoryAudits' ? 'AUDIT_LOG_DENIED' : 'FORBIDDEN';
  if (status === 404 && (operation === 'getBranding' || operation === 'setAccountResetUrl'))
    return 'BRANDING_NOT_FOUND';
  if (status === 404 && (graphCode === 'Request_ResourceNotFound' || graphCode === 'ResourceNotFound')) {
    return 'USER_NOT_FOUND';
  }
  if (status === 400 && operation === 'setPassword' && graphCode === 'Request_BadRequest')
    return 'PASSWORD_REJECTED';
  return 'UNEXPECTED';
}

const SUMMARY: Record<M365ErrorCode, string> = {
  PASSWORD_REJECTED: 'Microsoft refused the password (complexity or banned password)',
  USER_NOT_FOUND: 'no such user in the tenant',
  FORBIDDEN: 'the app lacks a permission or directory role for this',
  AUDIT_LOG_DENIED: 'the app may not read the directory audit log (AuditLog.Read.All and Directory.Read.All)',
  FEDERATED_OR_SYNCED:
    "the user's password is managed outside the cloud (federated or synced from on-premises)",
  AUTH_FAILED: "Microsoft refused the app's token",
  THROTTLED: 'Microsoft is throttling this app',
  UNAVAILABLE: 'Microsoft Graph is unavailable',
  LINK_OUTSIDE_GRAPH: 'Microsoft Graph returned a link outside its root',
  UNEXPECTED: 'Microsoft Graph answered unexpectedly',
  BRANDING_NOT_FOUND: 'the tenant has no sign-in branding yet',
  LICENCE_REQUIRED: 'the tenant lacks the licence this needs',
};

export interface GraphErrorContext {
  operation: GraphOperation;
  clientRequestId: string;
  retryAfterMs?: number;
  /** Redacted from anything echoed back, in case a server ever quotes the request. */
  secret?: string;
}

export function mapGraphError(
  response: TransportResponse,
  context: GraphErrorContext,
  code?: M365ErrorCode,
): M365Error {
  const body = readGraphError(response);
  const resolved = code ?? classifyGraphError(context.operation, response.status, body.code);
  let detail = body.message ? `: ${body.message}` : '';
  if (context.secret) detail = detail.split(context.secret).join('[REDACTED]');
  const graphPart = body.code ? ` ${body.code}` : '';
  return new M365Error(
    resolved,
    `${context.operation}: ${SUMMARY[resolved]} (HTTP ${response.status}${graphPart})${detail}`,
    {
      status: response.status,
      ...(body.code ? { graphCode: body.code } : {}),
      ...(body.requestId ? { requestId: body.requestId } : {}),
      clientRequestId: context.clientRequestId,
      ...(context.retryAfterMs !== undefined ? { retryAfterMs: context.retryAfterMs } : {}),
    },
  );
}
