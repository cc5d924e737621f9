import { ENTRA_BANNED_PASSWORD_MIN_SCORE, ENTRA_REQUIRED_CHARACTER_KINDS } from '../m365/entra-rules.js';
import {
  bannedScore,
  DICTIONARY_MAX_WORD_LENGTH,
  findDictionaryMatches,
  findTermMatches,
  type MatchesByEnd,
} from './banned-matches.js';
import { bannedTermsFor } from './banned-terms.js';
import { characterProfile } from './character-profile.js';
import { containsUsername } from './contains-username.js';
import { adminRequiredKindCount, effectiveLengthLimits } from './effective-limits.js';
import { hasSequentialOrRepeated } from './has-sequence.js';
import { normaliseForBannedMatch } from './normalise-for-banned-match.js';
import type { PasswordPolicy } from './password-policy-schema.js';
import type { EvaluateOptions, Evaluation, PasswordContext, Violation } from './types.js';
import type { ViolationCode } from './violation-codes.js';
import { violationWording } from './violation-wording.js';

/** Whether the banned-password score applies: Microsoft always scores, or the admin asked for it. */
export function bannedCheckActive(policy: PasswordPolicy): boolean {
  return policy.microsoft365.enforce || policy.disallowCommonPasswords || policy.bannedTerms.length > 0;
}

function isBanned(
  normalised: string,
  policy: PasswordPolicy,
  context: PasswordContext,
  options: EvaluateOptions,
): boolean {
  const terms = bannedTermsFor(policy.bannedTerms, context);
  // Each point covers at most one match, and no match is longer than its term plus one character:
  // a password longer than 5 such spans scores 5 or more whatever it contains, so skip the search.
  const longestMatch = Math.max(DICTIONARY_MAX_WORD_LENGTH, ...terms.map((term) => term.text.length)) + 1;
  if (normalised.length >= ENTRA_BANNED_PASSWORD_MIN_SCORE * longestMatch) return false;
  const matches: MatchesByEnd = [];
  findTermMatches(normalised, terms, matches);
  if (options.dictionary) findDictionaryMatches(normalised, options.dictionary, matches);
  // A password shorter than 5 with nothing matched is short, not banned: TOO_SHORT says so.
  const threshold = Math.min(ENTRA_BANNED_PASSWORD_MIN_SCORE, normalised.length);
  return bannedScore(normalised.length, matches) < threshold;
}

/**
 * Checks a password against the policy (and Microsoft 365's fixed rules when enforced) and reports
 * every violation at once, so a page can list everything to fix. Never throws on any string.
 */
export function evaluatePassword(
  password: string,
  policy: PasswordPolicy,
  context: PasswordContext = {},
  options: EvaluateOptions = {},
): Evaluation {
  const codes: ViolationCode[] = [];
  const enforce = policy.microsoft365.enforce;
  const { min, max } = effectiveLengthLimits(policy);
  const profile = characterProfile(password, enforce);

  if (profile.length < min) codes.push('TOO_SHORT');
  if (profile.length > max) codes.push('TOO_LONG');
  if (policy.requireLowercase && !profile.lowercase) codes.push('MISSING_LOWERCASE');
  if (policy.requireUppercase && !profile.uppercase) codes.push('MISSING_UPPERCASE');
  if (policy.requireNumber && !profile.number) codes.push('MISSING_NUMBER');
  if (policy.requireSpecial && !profile.special) codes.push('MISSING_SPECIAL');
  // When the admin's toggles already demand 3+ kinds, meeting them meets Entra's 3-of-4 too:
  // reporting both would tell the user the same thing twice.
  const kinds = [profile.lowercase, profile.uppercase, profile.number, profile.special].filter(
    Boolean,
  ).length;
  if (
    enforce &&
    adminRequiredKindCount(policy) < ENTRA_REQUIRED_CHARACTER_KINDS &&
    kinds < ENTRA_REQUIRED_CHARACTER_KINDS
  ) {
    codes.push('NOT_ENOUGH_CHARACTER_KINDS');
  }
  if (profile.invalid) codes.push('INVALID_CHARACTER');
  if (policy.disallowUsername && containsUsername(password, context)) codes.push('CONTAINS_USERNAME');

  const normalised = normaliseForBannedMatch(password);
  const common = policy.disallowCommonPasswords && options.dictionary?.has(normalised) === true;
  if (common) codes.push('COMMON_PASSWORD');
  if (policy.disallowSequentialOrRepeated && hasSequentialOrRepeated(password)) {
    codes.push('SEQUENTIAL_OR_REPEATED');
  }
  // A common password also scores below Entra's bar, but "too common" is the whole story: adding the
  // banned-words wording would send the person hunting for words that are not there.
  if (!common && bannedCheckActive(policy) && isBanned(normalised, policy, context, options)) {
    codes.push('BANNED');
  }

  if (codes.length === 0) return { ok: true };
  const violations: Violation[] = codes.map((code) => ({ code, message: violationWording(code, policy) }));
  return { ok: false, violations };
}
