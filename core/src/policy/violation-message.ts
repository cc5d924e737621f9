import { ENTRA_BANNED_PASSWORD_MIN_SCORE, ENTRA_REQUIRED_CHARACTER_KINDS } from '../m365/entra-rules.js';
import { effectiveLengthLimits } from './effective-limits.js';
import type { PasswordPolicy } from './password-policy-schema.js';
import type { ViolationCode } from './violation-codes.js';

/** Plain-English default wording for a violation, worded as what to do about it. */
export function violationMessage(code: ViolationCode, policy: PasswordPolicy): string {
  const { min, max } = effectiveLengthLimits(policy);
  switch (code) {
    case 'TOO_SHORT':
      return `Use at least ${min} characters.`;
    case 'TOO_LONG':
      return `Use at most ${max} characters.`;
    case 'MISSING_LOWERCASE':
      return 'Include a lowercase letter (a-z).';
    case 'MISSING_UPPERCASE':
      return 'Include an uppercase letter (A-Z).';
    case 'MISSING_NUMBER':
      return 'Include a number (0-9).';
    case 'MISSING_SPECIAL':
      return 'Include a symbol such as ! # $ % or a space.';
    case 'NOT_ENOUGH_CHARACTER_KINDS':
      return `Use at least ${ENTRA_REQUIRED_CHARACTER_KINDS} of these 4 kinds: lowercase letters, uppercase letters, numbers, symbols.`;
    case 'INVALID_CHARACTER':
      return policy.microsoft365.enforce
        ? 'Use only the letters A-Z and a-z, numbers, spaces and these symbols: @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < > (no accented letters, emoji, tabs or line breaks).'
        : 'Remove control characters such as tabs and line breaks.';
    case 'CONTAINS_USERNAME':
      return 'Do not include your username or the first part of your e-mail address.';
    case 'COMMON_PASSWORD':
      return 'This password is one of the most commonly used ones: choose something less predictable.';
    case 'SEQUENTIAL_OR_REPEATED':
      return 'Avoid 3 or more repeated or consecutive characters, such as aaa, abc or 321.';
    case 'BANNED':
      return `This password is too close to common words, your name or the organisation's name. Add more of your own characters (it needs a score of ${ENTRA_BANNED_PASSWORD_MIN_SCORE}).`;
    case 'REUSED':
      return policy.historyCount > 0
        ? `Choose a password you have not used for your last ${policy.historyCount} passwords.`
        : 'Choose a password you have not used before.';
    case 'TOO_SOON':
      return `Your password was changed recently: you can change it again ${policy.minAgeDays} day${policy.minAgeDays === 1 ? '' : 's'} after the last change.`;
  }
}
