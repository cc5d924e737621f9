/**
 * Recovery methods (issue 13), with no HTTP: what a person registered, registering and removing methods,
 * and the checks the ways back in call (security info's second step, and later reset, unlock and passkey
 * sign-in). Every function answers wrong input with a refusal code (RecoveryOutcome), never a throw.
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
export { type RemovalTarget, removalRefusal } from './removal-rule.js';
export { removeMethod } from './remove-method.js';
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
