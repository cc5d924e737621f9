export type StrengthLevel = 'empty' | 'weak' | 'fair' | 'good' | 'strong';

export interface StrengthHint {
  level: StrengthLevel;
  /** The catalogue message that words it. */
  key: `strength.${StrengthLevel}`;
}

/**
 * A rough, browser-side hint of how hard a password is to guess. Length is what matters most
 * (NIST SP 800-63B, section 3.1.1.2 and appendix A), so it is scored on length, counting a run of
 * repeated characters once; the server's checks (common passwords, banned words) remain the judge.
 */
export function strengthHint(password: string): StrengthHint {
  const chars = Array.from(password);
  if (chars.length === 0) return { level: 'empty', key: 'strength.empty' };
  const distinct = new Set(chars).size;
  // "aaaaaaaaaaaaaaaa" is not a long password; count at most twice the number of distinct characters.
  const effective = Math.min(chars.length, distinct * 2);
  if (effective < 12) return { level: 'weak', key: 'strength.weak' };
  if (effective < 16) return { level: 'fair', key: 'strength.fair' };
  if (effective < 20) return { level: 'good', key: 'strength.good' };
  return { level: 'strong', key: 'strength.strong' };
}
