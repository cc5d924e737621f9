import { COMMON_PASSWORDS_TEXT } from './common-passwords-data.js';
import type { PasswordDictionary } from './types.js';

let cached: PasswordDictionary | undefined;

/**
 * The ~49,000 most common passwords from `@zxcvbn-ts/language-common` (MIT; the zxcvbn frequency
 * lists), normalised as Entra does (see `normaliseForBannedMatch`), in a Set: a check is one hash
 * lookup. Built on first call, then shared. Server side only: too big to ship to browsers.
 */
export function loadCommonPasswords(): PasswordDictionary {
  if (!cached) {
    const words = new Set(COMMON_PASSWORDS_TEXT.split('\n'));
    cached = { has: (normalisedWord: string): boolean => words.has(normalisedWord) };
  }
  return cached;
}
