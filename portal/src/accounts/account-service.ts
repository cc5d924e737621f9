import type { RefusalCode } from '@passgate/core/codes';
import type { ViolationCode } from '@passgate/core/policy';

/**
 * The contract between the portal's HTTP layer (routes/) and its domain services (accounts/).
 * Routes parse and render; everything that decides lives behind this interface.
 */

/** One reason a request was refused; `message` is a plain-English default, the UI may reword by code. */
export interface Refusal {
  code: ViolationCode | RefusalCode;
  message: string;
}

/** Who is asking: recorded in the audit log and used for per-address rate limits. */
export interface RequestOrigin {
  clientIp: string;
  userAgent: string;
}

export interface ChangePasswordInput extends RequestOrigin {
  email: string;
  currentPassword: string;
  newPassword: string;
}

export type ChangeOutcome =
  /** The new password is current. `microsoft365` is false for users whose domain has no tenant. */
  | { status: 'applied'; microsoft365: boolean }
  /** Accepted and queued: Microsoft 365 was slow, throttling or unreachable; the worker will apply it. */
  | { status: 'queued' }
  | { status: 'refused'; refusals: Refusal[] };

export interface AccountService {
  /**
   * Verifies the current password (counted against lockout and rate limits), evaluates the new one
   * (policy, history, minimum age), queues it for Microsoft 365 and waits a few seconds for the outcome.
   */
  changePassword(input: ChangePasswordInput): Promise<ChangeOutcome>;
}
