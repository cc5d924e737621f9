import type { MessageRef } from '../i18n/create-messages.js';
import { ENTRA_MIN_PASSWORD_LENGTH, ENTRA_REQUIRED_CHARACTER_KINDS } from '../m365/entra-rules.js';
import { adminRequiredKindCount, effectiveLengthLimits } from './effective-limits.js';
import { bannedCheckActive } from './evaluate-password.js';
import type { PasswordPolicy } from './password-policy-schema.js';
import type { Requirement } from './types.js';
import type { ViolationCode } from './violation-codes.js';
import { ALLOWED_SYMBOLS } from './violation-wording.js';

function requirement(
  code: ViolationCode,
  message: MessageRef,
  imposedByMicrosoft = false,
  checkedOnSubmit = false,
): Requirement {
  // No words here: pages word `message` in the reader's language from the catalogue.
  return { code, message, imposedByMicrosoft, checkedOnSubmit };
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
    requirement(
      'TOO_SHORT',
      { key: 'requirement.TOO_SHORT', values: { min } },
      enforce && min === ENTRA_MIN_PASSWORD_LENGTH,
    ),
    requirement(
      'TOO_LONG',
      { key: 'requirement.TOO_LONG', values: { max } },
      enforce && max === policy.microsoft365.maxLength,
    ),
  ];
  if (policy.requireLowercase)
    list.push(requirement('MISSING_LOWERCASE', { key: 'requirement.MISSING_LOWERCASE' }));
  if (policy.requireUppercase)
    list.push(requirement('MISSING_UPPERCASE', { key: 'requirement.MISSING_UPPERCASE' }));
  if (policy.requireNumber) list.push(requirement('MISSING_NUMBER', { key: 'requirement.MISSING_NUMBER' }));
  if (policy.requireSpecial)
    list.push(requirement('MISSING_SPECIAL', { key: 'requirement.MISSING_SPECIAL' }));
  if (enforce && adminRequiredKindCount(policy) < ENTRA_REQUIRED_CHARACTER_KINDS) {
    list.push(
      requirement(
        'NOT_ENOUGH_CHARACTER_KINDS',
        { key: 'requirement.NOT_ENOUGH_CHARACTER_KINDS', values: { kinds: ENTRA_REQUIRED_CHARACTER_KINDS } },
        true,
      ),
    );
  }
  list.push(
    enforce
      ? requirement(
          'INVALID_CHARACTER',
          { key: 'requirement.INVALID_CHARACTER.microsoft', values: { symbols: ALLOWED_SYMBOLS } },
          true,
        )
      : requirement('INVALID_CHARACTER', { key: 'requirement.INVALID_CHARACTER.control' }),
  );
  if (policy.disallowUsername) {
    list.push(requirement('CONTAINS_USERNAME', { key: 'requirement.CONTAINS_USERNAME' }));
  }
  if (policy.disallowSequentialOrRepeated) {
    list.push(requirement('SEQUENTIAL_OR_REPEATED', { key: 'requirement.SEQUENTIAL_OR_REPEATED' }));
  }
  if (policy.disallowCommonPasswords) {
    list.push(
      requirement('COMMON_PASSWORD', { key: 'requirement.COMMON_PASSWORD' }, false, !options.dictionary),
    );
  }
  if (bannedCheckActive(policy)) {
    list.push(requirement('BANNED', { key: 'requirement.BANNED' }, enforce, !options.dictionary));
  }
  if (policy.historyCount > 0) {
    list.push(
      requirement(
        'REUSED',
        { key: 'requirement.REUSED', values: { count: policy.historyCount } },
        false,
        true,
      ),
    );
  }
  if (policy.minAgeDays > 0) {
    list.push(
      requirement(
        'TOO_SOON',
        { key: 'requirement.TOO_SOON', values: { days: policy.minAgeDays } },
        false,
        true,
      ),
    );
  }
  return list;
}
