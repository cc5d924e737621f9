/**
 * Microsoft 365 (Entra ID) password facts that no tenant admin can relax. Policy code reads these
 * instead of repeating the numbers, so a change at Microsoft is a one-line change here.
 *
 * Source for the password rules: "Password policies and account restrictions in Microsoft Entra ID"
 * https://learn.microsoft.com/entra/identity/authentication/concept-sspr-policy
 * (MicrosoftDocs/entra-docs, concept-sspr-policy.md).
 */

/** Shortest password Entra accepts for a cloud user. */
export const ENTRA_MIN_PASSWORD_LENGTH = 8;

/** Longest password Entra accepts today. */
export const ENTRA_MAX_PASSWORD_LENGTH = 256;

/**
 * Longest password before mid-2019; some older directory products still enforce "8 to 16",
 * so admins can opt into it (never the default).
 */
export const ENTRA_LEGACY_MAX_PASSWORD_LENGTH = 16;

/** The two maximum lengths a policy may claim for its tenant. */
export const ENTRA_MAX_LENGTH_CHOICES = [
  ENTRA_MAX_PASSWORD_LENGTH,
  ENTRA_LEGACY_MAX_PASSWORD_LENGTH,
] as const;

/**
 * The symbols Entra allows, including the blank space. Together with A-Z, a-z and 0-9 this is the
 * whole allowed alphabet: no Unicode letters, no tab or newline, no emoji.
 */
export const ENTRA_ALLOWED_SYMBOLS = '@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ';

/** Entra wants three of the four kinds: lowercase, uppercase, digits, symbols. */
export const ENTRA_REQUIRED_CHARACTER_KINDS = 3;

/** The four character kinds Entra counts. */
export const ENTRA_CHARACTER_KINDS = ['lowercase', 'uppercase', 'number', 'symbol'] as const;

export type EntraCharacterKind = (typeof ENTRA_CHARACTER_KINDS)[number];

/**
 * User principal name limits (same source, "UserPrincipalName policies"): at most 113 characters,
 * 64 before the @ and 48 after it.
 */
export const ENTRA_UPN_MAX_LENGTH = 113;
export const ENTRA_UPN_MAX_LOCAL_PART_LENGTH = 64;
export const ENTRA_UPN_MAX_DOMAIN_LENGTH = 48;

/**
 * Entra Password Protection (banned passwords): a password passes with 5 points or more, custom
 * terms are 4-16 characters, at most 1,000 of them, and names match as substrings from 4 characters.
 * Source: https://learn.microsoft.com/entra/identity/authentication/concept-password-ban-bad
 * (MicrosoftDocs/entra-docs, concept-password-ban-bad.md).
 */
export const ENTRA_BANNED_PASSWORD_MIN_SCORE = 5;
export const ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH = 4;
export const ENTRA_CUSTOM_BANNED_TERM_MAX_LENGTH = 16;
export const ENTRA_CUSTOM_BANNED_TERMS_MAX_COUNT = 1000;

/** The character substitutions Entra undoes before matching banned terms. */
export const ENTRA_BANNED_SUBSTITUTIONS: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'l',
  $: 's',
  '@': 'a',
};

/** Which Entra kind a character is, or null when Entra does not allow it at all. */
export function entraCharacterKind(char: string): EntraCharacterKind | null {
  if (char.length !== 1) return null;
  if (char >= 'a' && char <= 'z') return 'lowercase';
  if (char >= 'A' && char <= 'Z') return 'uppercase';
  if (char >= '0' && char <= '9') return 'number';
  return ENTRA_ALLOWED_SYMBOLS.includes(char) ? 'symbol' : null;
}
