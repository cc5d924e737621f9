import type { RefusalCode } from '@passgate/core/codes';
import type { ViolationCode } from '@passgate/core/policy';
import type { LimitEnd } from './limit-end.js';

/**
 * The contract between the portal's HTTP layer (routes/) and its domain services (accounts/).
 * Routes parse and render; everything that decides lives behind this interface.
 */

/** One reason a request was refused: a stable code only. Words are chosen at the edge (http/refusal-table.ts). */
export interface Refusal {
  code: ViolationCode | RefusalCode;
  /**
   * ACCOUNT_LOCKED only: when the lock ends, so the page can say until when. Absent while no lock is set
   * yet (every attempt reserved by requests still in flight): the page then says the rule.
   */
  lock?: LockEnd;
  /** RATE_LIMITED only: which window refused and when it has room again (limit-end.ts), when known. */
  limit?: LimitEnd;
}

/** When a lock ends (epoch ms), and the whole minutes left from the portal's clock (at least 1). */
export interface LockEnd {
  until: number;
  minutesLeft: number;
}

/** Who is asking: recorded in the audit log and used for per-address rate limits. */
export interface RequestOrigin {
  clientIp: string;
  userAgent: string;
  /**
   * A device id the web layer verified for the e-mail typed (a signed device cookie: this browser proved
   * the account's password before). Its password checks count against the device's own lockout and
   * rate limit, so nobody elsewhere can lock the owner out of their own browser.
   */
  device?: string | undefined;
}

export interface ChangePasswordInput extends RequestOrigin {
  email: string;
  currentPassword: string;
  newPassword: string;
}

export type ChangeOutcome =
  /** The new password is current. `microsoft365` is false for users whose domain has no tenant. */
  | { status: 'applied'; microsoft365: boolean; version: number }
  /** Accepted and queued: Microsoft 365 was slow, throttling or unreachable; the worker will apply it. */
  | { status: 'queued'; version: number }
  | { status: 'refused'; refusals: Refusal[] };
// `version`: the credential version the new password moved the account to. What the request then opens
// on the strength of that password (this browser's standing, a security-info session) is bound to it, not
// to whatever is current by then: another password may have been accepted while this one waited.

/** An opaque random token for a cookie; the store keeps only its hash. */
export interface SessionGrant {
  token: string;
  expiresAt: Date;
  purpose: 'set_password';
}

export type SignInOutcome =
  /** Expired password (or expired by an admin): the session may do one thing, set a new password. */
  | { status: 'must_change'; session: SessionGrant }
  /** Credentials good and nothing to do: the page says the password is fine and offers /change. */
  | { status: 'ok' }
  /** INVALID_CREDENTIALS (also for a pending_activation account) | ACCOUNT_LOCKED | ACCOUNT_SUSPENDED | RATE_LIMITED */
  | { status: 'refused'; refusals: Refusal[] };

export interface SessionView {
  email: string;
  displayName: string | null;
  purpose: 'set_password';
  expiresAt: Date;
}

export type LinkPurpose = 'reset' | 'activation';

export interface LinkView {
  email: string;
  displayName: string | null;
  purpose: LinkPurpose;
  expiresAt: Date;
}

export interface PasswordContext {
  username: string;
  email: string;
  displayName?: string;
  tenantName?: string;
}

export interface AccountService {
  /**
   * Verifies the current password (counted against lockout and rate limits), evaluates the new one
   * (policy, history, minimum age), queues it for Microsoft 365 and waits a few seconds for the outcome.
   */
  changePassword(input: ChangePasswordInput): Promise<ChangeOutcome>;
  signIn(input: { email: string; password: string } & RequestOrigin): Promise<SignInOutcome>;
  /** null: unknown, expired or used. */
  getSession(token: string): Promise<SessionView | null>;
  endSession(token: string): Promise<void>;
  /** Forced change for an expired account; ends the session on success or when queued. */
  setPasswordWithSession(
    input: { sessionToken: string; newPassword: string } & RequestOrigin,
  ): Promise<ChangeOutcome>;
  /** Always resolves the same way whether or not the account exists (no enumeration); mail goes through the durable mail queue. */
  requestReset(input: { email: string } & RequestOrigin): Promise<void>;
  /** null: unknown, used, superseded or expired; 'suspended': a live link of a suspended account. */
  getLink(token: string, purpose: LinkPurpose): Promise<LinkView | 'suspended' | null>;
  /** Sets the password from a reset/activation link: single use; unlocks; re-enables in Microsoft 365 in ONE PATCH (password + accountEnabled: true). */
  setPasswordWithLink(
    input: { token: string; purpose: LinkPurpose; newPassword: string } & RequestOrigin,
  ): Promise<ChangeOutcome>;
  /** Requirements context for the page (so the island can check CONTAINS_USERNAME etc.). */
  passwordContextFor(email: string): Promise<PasswordContext>;
  /**
   * How many earlier passwords of the person the history rule can compare against (0: none yet, so "not
   * one of your last N passwords" is not shown). Ask only once the person is identified.
   */
  passwordsOnRecord(email: string): Promise<number>;
  /**
   * What a device cookie entry for this address is bound to: the account's credential version, which
   * moves on with every accepted password, so entries made with an old password stop counting. 0 for
   * an unknown address (and for one that never changed its password): the same read either way.
   */
  credentialEpoch(email: string): Promise<number>;
}
