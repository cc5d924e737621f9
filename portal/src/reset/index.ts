/**
 * The reset flow (issue 13, "Reset with methods" and "Self-service unlock"), with no HTTP: an address
 * typed, methods proven (a mailed code, an authenticator code, a recovery code, the work mailbox's link;
 * a passkey later, see reset-factors.ts), then a new password or an unlock.
 */
export { createResetFlows } from './create-reset-flows.js';
export type { ResetDeps } from './reset-deps.js';
export { RESET_FACTORS } from './reset-factors.js';
export type {
  ResetFactor,
  ResetFactorInput,
  ResetFinish,
  ResetFlowService,
  ResetFlowView,
  ResetGrant,
} from './reset-flow-service.js';
export { FLOW_MINUTES, TOTP_LOCKOUT } from './reset-limits.js';
