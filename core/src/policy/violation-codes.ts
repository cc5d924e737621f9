/**
 * Stable codes for everything that can make a password unacceptable. Pages and the portal branch on
 * these, never on message text. `REUSED` and `TOO_SOON` are decided by the portal (they need the
 * user's history) but live here so every consumer shares one list.
 */
export const VIOLATION_CODES = [
  'TOO_SHORT',
  'TOO_LONG',
  'MISSING_LOWERCASE',
  'MISSING_UPPERCASE',
  'MISSING_NUMBER',
  'MISSING_SPECIAL',
  'NOT_ENOUGH_CHARACTER_KINDS',
  'INVALID_CHARACTER',
  'CONTAINS_USERNAME',
  'COMMON_PASSWORD',
  'SEQUENTIAL_OR_REPEATED',
  'BANNED',
  'REUSED',
  'TOO_SOON',
] as const;

export type ViolationCode = (typeof VIOLATION_CODES)[number];
