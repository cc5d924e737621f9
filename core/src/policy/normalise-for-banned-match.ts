import { ENTRA_BANNED_SUBSTITUTIONS } from '../m365/entra-rules.js';

const SUBSTITUTED = /[01$@]/g;

/**
 * Entra Password Protection's first step: lower-case, then undo the common character swaps
 * (0→o 1→l $→s @→a), so `P@$$w0rd` and `password` are the same word.
 * https://learn.microsoft.com/entra/identity/authentication/concept-password-ban-bad#step-1-normalization
 */
export function normaliseForBannedMatch(text: string): string {
  return text.toLowerCase().replace(SUBSTITUTED, (char) => ENTRA_BANNED_SUBSTITUTIONS[char] ?? char);
}
