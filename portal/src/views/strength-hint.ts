export type StrengthLevel = 'empty' | 'weak' | 'fair' | 'good' | 'strong';

export interface StrengthHint {
  level: StrengthLevel;
  words: string;
}

/**
 * A rough, browser-side hint of how hard a password is to guess. Length is what matters most
 * (NIST SP 800-63B, section 3.1.1.2 and appendix A), so it is scored on length, counting a run of
 * repeated characters once; the server's checks (common passwords, banned words) remain the judge.
 */
export function strengthHint(password: string): StrengthHint {
  const chars = Array.from(password);
  if (chars.length === 0) return { level: 'empty', words: 'Strength: start typing to see a hint.' };
  const distinct = new Set(chars).size;
  // "aaaaaaaaaaaaaaaa" is not a long password; count at most twice the number of distinct characters.
  const effective = Math.min(chars.length, distinct * 2);
  if (effective < 12)
    return { level: 'weak', words: 'Strength: weak. A longer password is harder to guess.' };
  if (effective < 16) return { level: 'fair', words: 'Strength: fair. A few more characters would help.' };
  if (effective < 20) return { level: 'good', words: 'Strength: good.' };
  return { level: 'strong', words: 'Strength: strong.' };
}
