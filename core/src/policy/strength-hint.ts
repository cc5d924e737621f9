export type StrengthLevel = 'empty' | 'weak' | 'fair' | 'good' | 'strong';

export interface StrengthHint {
  level: StrengthLevel;
  /** The catalogue message that words it. */
  key: `strength.${StrengthLevel}`;
}

const LEVELS: readonly StrengthLevel[] = ['empty', 'weak', 'fair', 'good', 'strong'];

function hint(level: StrengthLevel): StrengthHint {
  return { level, key: `strength.${level}` };
}

/**
 * A rough, browser-side hint of how hard a password is to guess. Length is what matters most
 * (NIST SP 800-63B, section 3.1.1.2 and appendix A), so it is scored on length, counting a run of
 * repeated characters once; the server's checks (common passwords, banned words) remain the judge.
 * `unmet` is how many requirements the password fails: while any fails the hint stays at "fair" at
 * best, so a page never calls a password it will refuse "good" or "strong" (nor shows it green).
 */
export function strengthHint(password: string, unmet = 0): StrengthHint {
  const chars = Array.from(password);
  if (chars.length === 0) return hint('empty');
  const distinct = new Set(chars).size;
  // "aaaaaaaaaaaaaaaa" is not a long password; count at most twice the number of distinct characters.
  const effective = Math.min(chars.length, distinct * 2);
  let level: StrengthLevel = 'strong';
  if (effective < 12) level = 'weak';
  else if (effective < 16) level = 'fair';
  else if (effective < 20) level = 'good';
  if (unmet > 0 && LEVELS.indexOf(level) > LEVELS.indexOf('fair')) level = 'fair';
  return hint(level);
}
