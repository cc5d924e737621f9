import { dictionary } from '@zxcvbn-ts/language-common';
import { normaliseForBannedMatch } from './normalise-for-banned-match.js';

/**
 * The common-password list as committed in common-passwords-data.ts: every entry of
 * `@zxcvbn-ts/language-common`'s `passwords-common` dictionary, normalised as Entra does, without
 * duplicates, in the package's order (most common first), one per line. The package ships the list
 * compressed and decompressing it costs ~100 ms per process, so the normalised text is committed
 * and a test keeps it identical to this function's output.
 */
export function commonPasswordsText(): string {
  const words = new Set<string>();
  for (const word of dictionary['passwords-common']) words.add(normaliseForBannedMatch(word));
  return [...words].join('\n');
}
