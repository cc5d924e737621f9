/**
 * Recovery methods (issue 13), with no HTTP: what a person registered, registering and removing methods,
 * and the checks the ways back in call (security info's second step, passkey sign-in, and later reset and
 * unlock). Every function answers wrong input with a refusal code (RecoveryOutcome), never a throw.
 */

export {
  type AccountSessionGrant,
  type AccountStage,
  endAccountSession,
  findAccountSession,
  openAccountSession,
} from './account-sessions.js';
export { confirmTotp, startTotp, TOTP_SETUP_MINUTES, type TotpSetup, totpSetup } from './authenticator.js';
export { type CodeHasher, createCodeHasher } from './code-hasher.js';
export { createPasskeys } from './create-passkeys.js';
export { createSecurityInfo } from './create-security-info.js';
export {
  checkEmailCode,
  EMAIL_CODE_MINUTES,
  EMAIL_CODE_TRIES,
  type EmailCodePurpose,
  sendEmailCode,
} from './email-codes.js';
export {
  listMethods,
  type RecoveryCodesView,
  type RecoveryMethodView,
  type RecoveryOverview,
} from './list-methods.js';
export { passkeyAssertionOptions, verifyPasskeyAssertion } from './passkey-assertion.js';
export { PASSKEY_CEREMONY_MINUTES, type PasskeyPurpose } from './passkey-challenges.js';
export { PASSKEY_NAME_MAX } from './passkey-name.js';
export { MAX_PASSKEYS, passkeyRegistrationOptions, registerPasskey } from './passkey-registration.js';
export type { PasskeyService, PasskeySignInDoor } from './passkey-service.js';
export {
  checkPersonalEmailCode,
  confirmPersonalEmail,
  personalEmailOf,
  sendPersonalEmailCode,
  startPersonalEmail,
} from './personal-email.js';
export {
  consumeRecoveryCode,
  formatRecoveryCode,
  generateRecoveryCodes,
  normaliseRecoveryCode,
  RECOVERY_CODE_COUNT,
} from './recovery-codes.js';
export { createRecoveryDeps, type RecoveryDeps } from './recovery-deps.js';
export { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
export type { RecoveryOrigin, RecoveryUser } from './recovery-user.js';
export { type RegistrationStatus, registrationStatus, skipRegistration } from './registration.js';
export { type RelyingParty, relyingPartyOf } from './relying-party.js';
export { type RemovalTarget, removalRefusal } from './removal-rule.js';
export { removeMethod } from './remove-method.js';
export { renamePasskey } from './rename-passkey.js';
export type {
  AccountSignInOutcome,
  AfterNewPassword,
  Factor,
  PendingSignIn,
  SecurityInfo,
  SecurityInfoService,
  SignedInPerson,
} from './security-info-service.js';
export { methodsNeeded, type RecoveryStanding, registeredKinds, standingOf } from './standing.js';
export { verifyTotp } from './verify-totp.js';
