import { dictionary } from '@zxcvbn-ts/language-common';
import { normaliseForBannedMatch } from './normalise-for-banned-match.js';
import type { PasswordDictionary } from './types.js';

let cached: PasswordDictionary | undefined;

/**
 * The ~49,000 most common passwords from `@zxcvbn-ts/language-common` (MIT, derived from the
 * original zxcvbn frequency lists), normalised as Entra does (see `normaliseForBannedMatch`) into
 * a Set, so a check is one hash lookup. Built on first call, then shared. Server side only: the
 * list is too big to ship to browsers.
 */
export function loadCommonPasswords(): PasswordDictionary {
  if (!cached) {
    const words = new Set<string>();
    for (const word of dictionary['passwords-common']) words.add(normaliseForBannedMatch(word));
    cached = { has: (normalisedWord: string): boolean => words.has(normalisedWord) };
  }
  return cached;
}
