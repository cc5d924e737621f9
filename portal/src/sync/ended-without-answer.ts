import { M365Error } from '@passgate/core/graph';

/**
 * Whether a failed call may still be carried out by Microsoft 365: it got no answer (timed out, cut off,
 * cancelled by the lease deadline) or Microsoft's own gateway gave up waiting for its backend (504).
 * Such a write can land later, after a newer one. Every other failure is an answer: nothing was applied.
 * A connection refused before anything was sent counts too: telling it apart is not worth the risk.
 */
export function endedWithoutAnswer(error: unknown): boolean {
  if (!(error instanceof M365Error)) return false;
  if (error.code === 'UNAVAILABLE' && error.status === undefined) return true;
  return error.status === 504;
}
