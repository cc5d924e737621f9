import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { ChangeOutcome, LockEnd, RequestOrigin } from '../accounts/account-service.js';
import type { ProofKind } from '../notifications/index.js';
import type { RecoveryOutcome } from '../recovery/recovery-outcome.js';

/**
 * The contract between /reset's pages (routes/reset-*.tsx) and the reset flow (issue 13, "Reset with
 * methods" and "Self-service unlock"): routes parse and render; every decision lives behind this.
 *
 * The one rule everything here keeps: until a method is proven, nothing a page shows or a request answers
 * depends on whether the address typed has an account, or which methods it has. An unknown address gets a
 * flow like any other, is offered the kinds the POLICY allows, and fails where a wrong code fails.
 */

/** The flow's cookie: an opaque random token (the database keeps its SHA-256). */
export interface ResetGrant {
  token: string;
  expiresAt: Date;
}

/** A factor as /reset/verify's forms carry it: which one, and what was typed (a passkey: the browser's answer, JSON). */
export interface ResetFactorInput {
  factor: ResetFactor;
  code: string;
}

/** The factors the flow checks, named as the forms name them (as at /account/verify). */
export type ResetFactor = 'totp' | 'recovery_code' | 'email_code' | 'passkey';

/** What /reset/verify shows. Before a proof, the same for every address typed. */
export interface ResetFlowView {
  /** The address as typed (normalised). */
  email: string;
  /**
   * How many different kinds to prove. Before anything is proven, the policy's `recovery.required`
   * (never the account's own need: an admin's 2 would give the admin away); after, the account's.
   */
  needed: number;
  proven: ProofKind[];
  complete: boolean;
  /** What the page offers, in the policy's order: the allowed kinds with a check here, minus those proven. */
  offer: ProofKind[];
}

/** What the last step shows once the flow is complete: only to someone who proved enough. */
export type ResetFinish =
  | {
      status: 'ready';
      email: string;
      displayName: string | null;
      locked: boolean;
      /** When the account's own lock ends (null: not on, or only a device's or security info's lock is). */
      lockEnd: LockEnd | null;
    }
  /** The account was suspended: only support can help (said only now, to someone who proved it). */
  | { status: 'suspended' };

export interface ResetFlowService {
  /** Starts a flow for the address typed (any address): RATE_LIMITED when this client asked too often. */
  start(input: { email: string } & RequestOrigin): Promise<RecoveryOutcome<{ grant: ResetGrant }>>;
  /** null: no such flow (never was, expired, spent, or a password was accepted meanwhile). */
  view(token: string): Promise<ResetFlowView | null>;
  /**
   * Mails a code to the account's personal address, if it has one; answers the same either way.
   * RATE_LIMITED: too many codes for this flow, this address typed or this client. RESET_EXPIRED: no flow.
   */
  sendCode(token: string, origin: RequestOrigin): Promise<RecoveryOutcome>;
  /**
   * Asks for a link to the work address (where `recovery.workMailboxLink` lets it serve this account);
   * resolved off the request like every reset request, so the answer is the same whatever happens.
   * METHOD_NOT_ALLOWED with `workMailboxLink: never`; RESET_EXPIRED: no flow.
   */
  sendLink(token: string, origin: RequestOrigin): Promise<RecoveryOutcome>;
  /**
   * Options for the passkey step (navigator.credentials.get), their challenge bound to the flow. No
   * passkey is named in them: the address was only typed, and naming its passkeys would say it has some.
   * RATE_LIMITED when this client asks too often; METHOD_NOT_ALLOWED without passkeys in the policy.
   */
  passkeyOptions(
    token: string,
    origin: RequestOrigin,
  ): Promise<RecoveryOutcome<{ options: PublicKeyCredentialRequestOptionsJSON }>>;
  /** Checks one factor: CODE_INVALID, CODE_EXPIRED, CODE_ALREADY_USED, PASSKEY_NOT_ACCEPTED, RESET_LOCKED, RATE_LIMITED, RESET_EXPIRED … */
  prove(
    token: string,
    input: ResetFactorInput,
    origin: RequestOrigin,
  ): Promise<RecoveryOutcome<{ complete: boolean }>>;
  /** The last step, for a complete flow; null otherwise. */
  finish(token: string): Promise<ResetFinish | null>;
  /** Sets the new password through acceptPassword (the flow is spent with it); RESET_EXPIRED without a complete flow. */
  setPassword(input: { token: string; newPassword: string } & RequestOrigin): Promise<ChangeOutcome>;
  /** Unlocks the account and keeps its password (the flow is spent with it). `wasLocked` false: nothing to do. */
  unlock(token: string, origin: RequestOrigin): Promise<RecoveryOutcome<{ wasLocked: boolean }>>;
  /**
   * A reset link for an account that needs two methods: the link proves the work mailbox, and instead of
   * the new-password form its page goes on to a flow that asks for the second. True for such a link.
   */
  linkNeedsMore(linkToken: string): Promise<boolean>;
  /** Spends such a link for a flow with the work mailbox proven; null when the link no longer works. */
  continueFromLink(linkToken: string, flowToken: string | null): Promise<ResetGrant | null>;
  /** Ends a flow (starting again with another address). */
  end(token: string): Promise<void>;
}
