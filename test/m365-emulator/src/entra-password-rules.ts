import { bannedPasswordScore } from './banned-password-score.js';

// Entra ID's fixed rules for cloud users, written here independently of core's policy code on
// purpose: the emulator stands in for Microsoft, so a bug in Passgate's own rules must not be
// mirrored here. Source: learn.microsoft.com/entra/identity/authentication/concept-sspr-policy
const MIN_LENGTH = 8;
const MAX_LENGTH = 256;
const SYMBOLS = '@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ';

export type EntraPasswordRefusal = 'LENGTH' | 'CHARACTERS' | 'COMPLEXITY' | 'BANNED';

export interface PasswordContext {
  tenantName: string;
  displayName: string | null;
}

/** null when Entra would accept the password; otherwise which rule refused it. */
export function checkEntraPassword(password: string, context: PasswordContext): EntraPasswordRefusal | null {
  if (password.length < MIN_LENGTH || password.length > MAX_LENGTH) return 'LENGTH';
  let lower = false;
  let upper = false;
  let digit = false;
  let symbol = false;
  for (const c of password) {
    if (c >= 'a' && c <= 'z') lower = true;
    else if (c >= 'A' && c <= 'Z') upper = true;
    else if (c >= '0' && c <= '9') digit = true;
    else if (SYMBOLS.includes(c)) symbol = true;
    else return 'CHARACTERS';
  }
  if ([lower, upper, digit, symbol].filter(Boolean).length < 3) return 'COMPLEXITY';
  const names = [context.tenantName, ...(context.displayName ?? '').split(/\s+/)];
  if (bannedPasswordScore(password, names) < 5) return 'BANNED';
  return null;
}
