import { effectiveLengthLimits } from './effective-limits.js';
import { evaluatePassword } from './evaluate-password.js';
import type { PasswordPolicy } from './password-policy-schema.js';
import type { PasswordContext, Requirement } from './types.js';
import type { ViolationCode } from './violation-codes.js';

/**
 * What a page knows of one requirement while the person types: `unknown` before any typing (or
 * without script), `on-submit` for what only the server can judge, `out-of-reach` for a maximum
 * length the password is nowhere near (ticking "At most 256 characters" after one letter says
 * nothing true).
 */
export type RequirementState = 'unknown' | 'met' | 'unmet' | 'on-submit' | 'out-of-reach';

/** "At most N characters" matters once the password is this close to N. */
export const LENGTH_LIMIT_MARGIN = 16;

export interface LiveCheck {
  password: string;
  /** The policy as the browser has it (the admin's banned terms stay on the server). */
  policy: PasswordPolicy;
  context: PasswordContext;
  /**
   * False when the page knows only the typed e-mail address, not the person's display name: the
   * browser can catch the username, but only the server can say the name is absent.
   */
  nameKnown: boolean;
}

/** The state of each requirement for what the browser can check; `null` before typing. */
export function liveRequirementStates(
  requirements: readonly Requirement[],
  check: LiveCheck | null,
): RequirementState[] {
  if (check === null || check.password === '') {
    return requirements.map((requirement) => (requirement.checkedOnSubmit ? 'on-submit' : 'unknown'));
  }
  const evaluation = evaluatePassword(check.password, check.policy, check.context);
  const failed = new Set<ViolationCode>(evaluation.ok ? [] : evaluation.violations.map((v) => v.code));
  const length = Array.from(check.password).length;
  const { max } = effectiveLengthLimits(check.policy);
  return requirements.map((requirement): RequirementState => {
    // Checked first: a custom banned term the browser does catch is a real "not yet".
    if (failed.has(requirement.code)) return 'unmet';
    if (requirement.code === 'TOO_LONG' && length < max - LENGTH_LIMIT_MARGIN) return 'out-of-reach';
    if (requirement.checkedOnSubmit) return 'on-submit';
    if (requirement.code === 'CONTAINS_USERNAME' && !check.nameKnown) return 'on-submit';
    return 'met';
  });
}

export interface LiveProgress {
  /** Requirements the browser has checked and found met. */
  met: number;
  /** Requirements the browser can check now (met or not yet). */
  checked: number;
  /** Requirements the server judges when the form is sent. */
  pending: number;
}

/** The counts a page says aloud: only what the browser could check is counted as met. */
export function liveProgress(states: readonly RequirementState[]): LiveProgress {
  const count = (wanted: RequirementState): number => states.filter((state) => state === wanted).length;
  return { met: count('met'), checked: count('met') + count('unmet'), pending: count('on-submit') };
}
