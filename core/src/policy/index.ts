/**
 * Passgate's password policy engine. Browser-safe: no Node built-ins and no word list (the
 * common-password list is a separate, server-side entry: `@passgate/core/policy/common-passwords`).
 */
export { describeRequirements } from './describe-requirements.js';
export { effectiveLengthLimits } from './effective-limits.js';
export { evaluatePassword } from './evaluate-password.js';
export {
  LENGTH_LIMIT_MARGIN,
  type LiveCheck,
  type LiveProgress,
  liveProgress,
  liveRequirementStates,
  type RequirementState,
} from './live-requirement-states.js';
export { normaliseForBannedMatch } from './normalise-for-banned-match.js';
export { defaultPolicy, PolicyError, type PolicyProblem, parsePolicy } from './parse-policy.js';
export {
  type PasswordPolicy,
  type PasswordPolicyInput,
  passwordPolicySchema,
} from './password-policy-schema.js';
export { type StrengthHint, type StrengthLevel, strengthHint } from './strength-hint.js';
export type {
  EvaluateOptions,
  Evaluation,
  PasswordContext,
  PasswordDictionary,
  Requirement,
  Violation,
} from './types.js';
export { VIOLATION_CODES, type ViolationCode } from './violation-codes.js';
export { violationMessage } from './violation-message.js';
export { ALLOWED_SYMBOLS, violationWording } from './violation-wording.js';
