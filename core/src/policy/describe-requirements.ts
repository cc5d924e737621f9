import { ENTRA_MIN_PASSWORD_LENGTH, ENTRA_REQUIRED_CHARACTER_KINDS } from '../m365/entra-rules.js';
import { adminRequiredKindCount, effectiveLengthLimits } from './effective-limits.js';
import { bannedCheckActive } from './evaluate-password.js';
import type { PasswordPolicy } from './password-policy-schema.js';
import type { Requirement } from './types.js';
import type { ViolationCode } from './violation-codes.js';

function requirement(
  code: ViolationCode,
  text: string,
  imposedByMicrosoft = false,
  checkedOnSubmit = false,
): Requirement {
  return { code, text, imposedByMicrosoft, checkedOnSubmit };
}

/**
 * The rules a password must meet, in plain words and in the order a page should show them. Each is
 * tagged with the violation code it answers to (so a page can tick it as the user types), whether
 * Microsoft 365 would insist on it anyway, and whether only the server can check it. Pass
 * `{ dictionary: true }` when the caller evaluates with the common-password list.
 */
export function describeRequirements(
  policy: PasswordPolicy,
  options: { dictionary?: boolean } = {},
): Requirement[] {
  const enforce = policy.microsoft365.enforce;
  const { min, max } = effectiveLengthLimits(policy);
  const list: Requirement[] = [
    requirement('TOO_SHORT', `At least ${min} characters`, enforce && min === ENTRA_MIN_PASSWORD_LENGTH),
    requirement('TOO_LONG', `At most ${max} characters`, enforce && max === policy.microsoft365.maxLength),
  ];
  if (policy.requireLowercase) list.push(requirement('MISSING_LOWERCASE', 'A lowercase letter (a-z)'));
  if (policy.requireUppercase) list.push(requirement('MISSING_UPPERCASE', 'An uppercase letter (A-Z)'));
  if (policy.requireNumber) list.push(requirement('MISSING_NUMBER', 'A number (0-9)'));
  if (policy.requireSpecial)
    list.push(requirement('MISSING_SPECIAL', 'A symbol, such as ! # $ % or a space'));
  if (enforce && adminRequiredKindCount(policy) < ENTRA_REQUIRED_CHARACTER_KINDS) {
    list.push(
      requirement(
        'NOT_ENOUGH_CHARACTER_KINDS',
        'At least 3 of: lowercase letters, uppercase letters, numbers, symbols',
        true,
      ),
    );
  }
  list.push(
    enforce
      ? requirement(
          'INVALID_CHARACTER',
          'Only letters A-Z and a-z, numbers, spaces and the symbols @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >',
          true,
        )
      : requirement('INVALID_CHARACTER', 'No tabs, line breaks or other control characters'),
  );
  if (policy.disallowUsername) {
    list.push(
      requirement(
        'CONTAINS_USERNAME',
        'Not containing your username or the first part of your e-mail address',
      ),
    );
  }
  if (policy.disallowSequentialOrRepeated) {
    list.push(
      requirement(
        'SEQUENTIAL_OR_REPEATED',
        'No 3 repeated or consecutive characters, such as aaa, abc or 321',
      ),
    );
  }
  if (policy.disallowCommonPasswords) {
    list.push(requirement('COMMON_PASSWORD', 'Not a commonly used password', false, !options.dictionary));
  }
  if (bannedCheckActive(policy)) {
    list.push(
      requirement(
        'BANNED',
        "Not built from common words, your name or the organisation's name",
        enforce,
        !options.dictionary,
      ),
    );
  }
  if (policy.historyCount > 0) {
    list.push(requirement('REUSED', `Not one of your last ${policy.historyCount} passwords`, false, true));
  }
  if (policy.minAgeDays > 0) {
    list.push(
      requirement('TOO_SOON', `At least ${policy.minAgeDays} day(s) since your last change`, false, true),
    );
  }
  return list;
}
