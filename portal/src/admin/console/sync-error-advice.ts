import type { M365ErrorCode } from '@passgate/core/graph';
import type { MessageKey, Messages } from '@passgate/core/i18n';

/** Codes the sync worker writes besides Microsoft's: a job it could not run, and one an admin gave up on. */
type PortalJobCode = 'CANNOT_RUN' | 'GAVE_UP';

/**
 * The one table from a sync job's error code (the part of last_error before the colon) to a sentence on
 * what to do (its words are in the catalogue, `console.advice.<CODE>`). Keyed by code, never by
 * Microsoft's words, which change.
 */
export const SYNC_ERROR_ADVICE: { readonly [C in M365ErrorCode | PortalJobCode]: MessageKey } = {
  PASSWORD_REJECTED: 'console.advice.PASSWORD_REJECTED',
  USER_NOT_FOUND: 'console.advice.USER_NOT_FOUND',
  FORBIDDEN: 'console.advice.FORBIDDEN',
  AUDIT_LOG_DENIED: 'console.advice.AUDIT_LOG_DENIED',
  FEDERATED_OR_SYNCED: 'console.advice.FEDERATED_OR_SYNCED',
  AUTH_FAILED: 'console.advice.AUTH_FAILED',
  THROTTLED: 'console.advice.THROTTLED',
  UNAVAILABLE: 'console.advice.UNAVAILABLE',
  LINK_OUTSIDE_GRAPH: 'console.advice.LINK_OUTSIDE_GRAPH',
  UNEXPECTED: 'console.advice.UNEXPECTED',
  BRANDING_NOT_FOUND: 'console.advice.BRANDING_NOT_FOUND',
  LICENCE_REQUIRED: 'console.advice.LICENCE_REQUIRED',
  CANNOT_RUN: 'console.advice.CANNOT_RUN',
  GAVE_UP: 'console.advice.GAVE_UP',
};

/** The code at the start of a job's last_error ("THROTTLED: …"), or null. */
export function errorCodeOf(lastError: string | null): string | null {
  if (lastError === null) return null;
  const match = /^([A-Z_]+):/.exec(lastError);
  return match?.[1] ?? null;
}

/** What to do about a job's last error, or a general sentence for a code the table does not know. */
export function adviceFor(messages: Messages, lastError: string | null): string | null {
  const code = errorCodeOf(lastError);
  if (code === null) return null;
  return messages.t(
    Object.hasOwn(SYNC_ERROR_ADVICE, code)
      ? SYNC_ERROR_ADVICE[code as keyof typeof SYNC_ERROR_ADVICE]
      : 'console.advice.unknown',
  );
}
