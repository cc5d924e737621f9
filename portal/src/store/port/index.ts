/**
 * The store port: every statement whose correctness depends on concurrency (several requests, several
 * portal instances), each atomic on SQLite and on PostgreSQL. accounts/, sync/, mail/ and scheduler/
 * call these and never say dialect-specific SQL themselves.
 */
export { appendOutboxJob, lockUserOutbox, type NewOutboxJob } from './append-outbox-job.js';
export { type ClaimOptions, claimJobs, type OutboxJob } from './claim-jobs.js';
export { type ClaimedMail, type ClaimMailOptions, claimMail, takeClaimedRequest } from './claim-mail.js';
export { claimJobToEnd, retryJobNow } from './console-jobs.js';
export {
  type AttemptVerdict,
  clearFailures,
  countInWindow,
  type LockoutRule,
  lockedUntil,
  reserveAttempt,
  settleFailure,
  takeFromWindow,
  takeFromWindows,
  takePasswordAttempt,
  type Window,
} from './counters.js';
export {
  claimDriftSweep,
  claimUnalertedDrifts,
  type DriftSeen,
  type DriftSweepClaim,
  insertFirstLooks,
  moveDriftWatch,
  type UnalertedDrift,
} from './drift-watch.js';
export { releaseHeldMail, withdrawHeldMail } from './held-mail.js';
export { insertUsersIfAbsent } from './insert-users-if-absent.js';
export { releaseLease, takeLease } from './leases.js';
export { advanceCredential, lockCredential } from './lock-credential.js';
export {
  advancePasskeyCounter,
  insertPasskey,
  type NewPasskey,
  type NewPasskeyChallenge,
  replacePasskeyChallenge,
  takePasskeyChallenge,
} from './passkeys.js';
export { type HeartbeatRow, recordHeartbeat } from './record-heartbeat.js';
export {
  acceptTotpStep,
  consumeRecoveryCodeHash,
  type EmailCodeTry,
  type NewEmailCode,
  replaceEmailCode,
  tryEmailCode,
} from './recovery-factors.js';
export { takeRegistrationSkip } from './registration-skips.js';
export {
  addProvenKind,
  countFlowFailure,
  raiseFlowNeeded,
  reopenFlow,
  replaceFlowCode,
  spendFlow,
  tryFlowCode,
} from './reset-flows.js';
export { spendChallenge } from './spend-challenge.js';
export { noteTenantError, noteTenantOk, noteTenantPause } from './tenant-health.js';
export { extendTenantPause, readTenantPauses } from './tenant-pause.js';
