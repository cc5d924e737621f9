import type { MessageRef } from '../i18n/create-messages.js';
import { ENTRA_REQUIRED_CHARACTER_KINDS } from '../m365/entra-rules.js';
import { effectiveLengthLimits } from './effective-limits.js';
import type { PasswordPolicy } from './password-policy-schema.js';
import type { ViolationCode } from './violation-codes.js';

/** The characters Microsoft 365 allows besides letters, numbers and spaces, as pages list them. */
export const ALLOWED_SYMBOLS = '@ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >';

/** Which catalogue message words a violation under this policy, and its values (no words here). */
export function violationWording(code: ViolationCode, policy: PasswordPolicy): MessageRef {
  const { min, max } = effectiveLengthLimits(policy);
  switch (code) {
    case 'TOO_SHORT':
      return { key: 'violation.TOO_SHORT', values: { min } };
    case 'TOO_LONG':
      return { key: 'violation.TOO_LONG', values: { max } };
    case 'NOT_ENOUGH_CHARACTER_KINDS':
      return {
        key: 'violation.NOT_ENOUGH_CHARACTER_KINDS',
        values: { kinds: ENTRA_REQUIRED_CHARACTER_KINDS },
      };
    case 'INVALID_CHARACTER':
      return policy.microsoft365.enforce
        ? { key: 'violation.INVALID_CHARACTER.microsoft', values: { symbols: ALLOWED_SYMBOLS } }
        : { key: 'violation.INVALID_CHARACTER.control' };
    case 'REUSED':
      return { key: 'violation.REUSED', values: { count: policy.historyCount } };
    case 'TOO_SOON':
      return { key: 'violation.TOO_SOON', values: { days: policy.minAgeDays } };
    default:
      return { key: `violation.${code}` };
  }
}
