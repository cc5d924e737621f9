import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { RequestOrigin, SessionGrant } from '../accounts/account-service.js';
import type { AccountSessionGrant } from './account-sessions.js';
import type { PasskeyNameWording } from './passkey-name.js';
import type { RecoveryOutcome } from './recovery-outcome.js';
import type { RecoveryOrigin } from './recovery-user.js';
import type { SignedInPerson } from './security-info-service.js';

/**
 * The contract between the passkey pages (routes/passkey-*.tsx) and the recovery module: registering,
 * naming and signing in with passkeys. Routes parse and render; every decision lives behind this.
 */

/** Where a passkey signs in: security info (/account), or the expired-password sign-in (/signin). */
export type PasskeySignInDoor = 'account' | 'expired_sign_in';

export interface PasskeyService {
  /** Whether the organisation allows passkeys (recovery.methods): without it no page offers one. */
  readonly enabled: boolean;
  /** Options for adding a passkey, their challenge bound to the security-info session `sessionToken`. */
  registrationOptions(
    person: SignedInPerson,
    sessionToken: string,
  ): Promise<RecoveryOutcome<{ options: PublicKeyCredentialCreationOptionsJSON }>>;
  /**
   * Adds the passkey the browser made (`response`: its JSON), named `name` (empty: "Passkey N", worded
   * by `defaultName` when given, in the language of the page it is added on).
   */
  register(
    person: SignedInPerson,
    input: { sessionToken: string; response: string; name: string; defaultName?: PasskeyNameWording },
    origin: RecoveryOrigin,
  ): Promise<RecoveryOutcome<{ label: string }>>;
  rename(person: SignedInPerson, methodId: string, name: string): Promise<RecoveryOutcome>;
  /**
   * Options for signing in with a passkey at `door`, their challenge bound to `ceremony` (the browser's
   * ceremony cookie). With a pending security-info sign-in (password proven, second factor to come), its
   * person's passkeys are named. RATE_LIMITED when this client address asks too often.
   */
  signInOptions(input: {
    door: PasskeySignInDoor;
    ceremony: string;
    pendingToken: string | null;
    clientIp: string;
  }): Promise<RecoveryOutcome<{ options: PublicKeyCredentialRequestOptionsJSON }>>;
  /**
   * Signs in to security info with a passkey: it counts as both factors, no password is asked. After a
   * password (a pending sign-in) the passkey must be that person's, and the pending session ends.
   */
  signInToAccount(
    input: { ceremony: string; response: string; pendingToken: string | null } & RequestOrigin,
  ): Promise<RecoveryOutcome<{ session: AccountSessionGrant }>>;
  /**
   * The expired-password sign-in with a passkey: a set-new-password session when the password has
   * expired, null when it is still valid (the page says so, as after the password).
   */
  signInExpired(
    input: { ceremony: string; response: string } & RequestOrigin,
  ): Promise<RecoveryOutcome<{ session: SessionGrant | null }>>;
}
