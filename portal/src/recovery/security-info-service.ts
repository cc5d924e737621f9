import type { Refusal, RequestOrigin, SessionGrant } from '../accounts/account-service.js';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import type { AccountSessionGrant } from './account-sessions.js';
import type { TotpSetup } from './authenticator.js';
import type { RecoveryOverview } from './list-methods.js';
import type { RecoveryOutcome } from './recovery-outcome.js';
import type { RecoveryOrigin } from './recovery-user.js';
import type { RemovalTarget } from './removal-rule.js';
import type { RecoveryStanding } from './standing.js';

/**
 * The contract between security info's pages (routes/account-routes.tsx) and the recovery module:
 * routes parse and render; signing in, sessions and every decision live behind this interface.
 */

/** Who is signed in to security info. */
export interface SignedInPerson {
  id: string;
  email: string;
  display_name: string | null;
  isAdmin: boolean;
}

export type AccountSignInOutcome =
  /** INVALID_CREDENTIALS | ACCOUNT_LOCKED | ACCOUNT_SUSPENDED | RATE_LIMITED, exactly as /signin answers. */
  | { status: 'refused'; refusals: Refusal[] }
  /** The password has expired: the same set-a-new-password session /signin gives. */
  | { status: 'must_change'; session: SessionGrant }
  /** Password right: signed in (stage account), or a second factor to prove first (account_pending). */
  | { status: 'signed_in'; session: AccountSessionGrant };

/** The second step of signing in: the password was right, a second factor is asked for. */
export interface PendingSignIn {
  email: string;
  /** The registered kinds that can be proven here. */
  factors: RecoveryKind[];
  /** The personal address codes go to, partly hidden (the password alone does not reveal it): a***@example.org. */
  personalEmailHint: string | null;
}

/** The kinds of second factor security info's second step accepts. */
export type Factor =
  | { kind: 'totp'; code: string }
  | { kind: 'recovery_code'; code: string }
  | { kind: 'email_code'; code: string };

/** What the security-info page shows. */
export interface SecurityInfo {
  person: SignedInPerson;
  overview: RecoveryOverview;
  standing: RecoveryStanding;
  /** The kinds the organisation allows (recovery.methods). */
  allowed: RecoveryKind[];
  /** "Remind me later" answers left; `prompt` is what registration asks of this person now. */
  skipsLeft: number;
  prompt: 'none' | 'offer' | 'required';
}

export type AfterNewPassword =
  | { prompt: 'none' }
  /** registration offered, not enough registered: show a link to security info. */
  | { prompt: 'offer' }
  /**
   * registration required, not enough registered: take them to register. `session` is a security-info
   * session opened at once when they have no second factor yet (the password just accepted is all
   * /account would ask); null when they have one, which they must prove at /account first.
   */
  | { prompt: 'required'; skipsLeft: number; session: AccountSessionGrant | null };

export interface SecurityInfoService {
  /** Signs in with e-mail and password through the sign-in /signin uses (its counters, locks and audit). */
  signIn(input: { email: string; password: string } & RequestOrigin): Promise<AccountSignInOutcome>;
  /** null: no such pending sign-in (unknown, expired, or the password changed since). */
  pendingSignIn(token: string): Promise<PendingSignIn | null>;
  /** Mails a sign-in code to the personal address. */
  sendSignInCode(token: string): Promise<RecoveryOutcome>;
  /** Proves the second factor: the pending session is replaced by a signed-in one. */
  proveFactor(
    token: string,
    factor: Factor,
    origin: RequestOrigin,
  ): Promise<RecoveryOutcome<{ session: AccountSessionGrant }>>;
  /** The signed-in person, or null (idle too long, too old, password changed since, suspended). Restarts the idle time. */
  session(token: string): Promise<SignedInPerson | null>;
  signOut(token: string): Promise<void>;
  securityInfo(person: SignedInPerson): Promise<SecurityInfo>;
  startPersonalEmail(person: SignedInPerson, address: string): Promise<RecoveryOutcome>;
  confirmPersonalEmail(
    person: SignedInPerson,
    code: string,
    origin: RecoveryOrigin,
  ): Promise<RecoveryOutcome<{ email: string }>>;
  startTotp(person: SignedInPerson): Promise<RecoveryOutcome>;
  totpSetup(person: SignedInPerson): Promise<TotpSetup | null>;
  confirmTotp(person: SignedInPerson, code: string, origin: RecoveryOrigin): Promise<RecoveryOutcome>;
  generateRecoveryCodes(
    person: SignedInPerson,
    origin: RecoveryOrigin,
  ): Promise<RecoveryOutcome<{ codes: string[] }>>;
  removeMethod(
    person: SignedInPerson,
    target: RemovalTarget,
    origin: RecoveryOrigin,
  ): Promise<RecoveryOutcome>;
  /** "Remind me later": false once the policy's skips are used up. */
  skipRegistration(person: SignedInPerson): Promise<boolean>;
  /**
   * Right after a password was accepted for `email` in this request (/change, /activate, the expired
   * sign-in), moving the account to credential `version`: what registration asks of the person. Call it
   * only then: with registration required and no second factor registered, it opens a security-info
   * session on the strength of that password, while it is still the current one.
   */
  afterNewPassword(email: string, version: number): Promise<AfterNewPassword>;
}
