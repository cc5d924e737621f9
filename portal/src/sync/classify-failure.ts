import type { RefusalCode } from '@passgate/core/codes';
import { M365Error } from '@passgate/core/graph';

export type FailureClass =
  /** Microsoft 365 will never take this job: end it, discard the pending password. */
  | { kind: 'final'; code: string; message: string; refusal: RefusalCode }
  /** Passing: try again later; `retryAfterMs` is Microsoft's own wait when it gave one. */
  | { kind: 'retry'; code: string; message: string; retryAfterMs: number | null; pauseTenant: boolean };

// After this many unexplained failures a job ends rather than retrying forever with a password sealed in it.
const MAX_UNEXPECTED_ATTEMPTS = 8;

/** Decides what a failed `setPassword` means for the job; branches on codes, never on message text. */
export function classifyFailure(error: unknown, attempts: number): FailureClass {
  if (!(error instanceof M365Error)) {
    const message = error instanceof Error ? error.message : String(error);
    if (attempts >= MAX_UNEXPECTED_ATTEMPTS)
      return { kind: 'final', code: 'UNEXPECTED', message, refusal: 'MICROSOFT_REFUSED_UPDATE' };
    return { kind: 'retry', code: 'UNEXPECTED', message, retryAfterMs: null, pauseTenant: false };
  }
  const detail = error.requestId ? `${error.message} (request-id ${error.requestId})` : error.message;
  switch (error.code) {
    case 'PASSWORD_REJECTED':
      return { kind: 'final', code: error.code, message: detail, refusal: 'PASSWORD_REJECTED_BY_MICROSOFT' };
    case 'FORBIDDEN':
    case 'FEDERATED_OR_SYNCED':
    case 'USER_NOT_FOUND':
      return { kind: 'final', code: error.code, message: detail, refusal: 'MICROSOFT_REFUSED_UPDATE' };
    case 'THROTTLED':
      // Throttling is per app per tenant: every job of this tenant must wait, not only this one.
      return {
        kind: 'retry',
        code: error.code,
        message: detail,
        retryAfterMs: error.retryAfterMs ?? null,
        pauseTenant: true,
      };
    case 'UNAVAILABLE':
    case 'AUTH_FAILED':
      // AUTH_FAILED is the admin's to fix (secret expired); the queue keeps the change until they do.
      return {
        kind: 'retry',
        code: error.code,
        message: detail,
        retryAfterMs: error.retryAfterMs ?? null,
        pauseTenant: error.code === 'AUTH_FAILED' || error.retryAfterMs !== undefined,
      };
    default:
      if (attempts >= MAX_UNEXPECTED_ATTEMPTS)
        return { kind: 'final', code: error.code, message: detail, refusal: 'MICROSOFT_REFUSED_UPDATE' };
      return { kind: 'retry', code: error.code, message: detail, retryAfterMs: null, pauseTenant: false };
  }
}
