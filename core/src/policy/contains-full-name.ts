import { normaliseForBannedMatch } from './normalise-for-banned-match.js';

// Initials ("J. Doe") are not words of a name to look for.
const MIN_PART_LENGTH = 2;
// A short full name run together ("Li Na" → "lina") turns up inside unrelated words ("Carolina").
const MIN_JOINED_LENGTH = 5;
// What separates the words of a name as a person writes it: anything that is not a letter or digit.
const NAME_SEPARATORS = /[^\p{L}\p{N}]+/u;

/** Lower-cased with accents dropped, so "Adèle" and "adele" are the same name. */
export function foldName(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeForPattern(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The words of a full name ("Adele Vance", "Vance, Adele", "adele.vance"), folded. A single word is
 * no full name: one word alone is left to the banned-password score, as Entra scores it.
 */
export function fullNameParts(name: string | undefined): string[] {
  if (!name) return [];
  const parts = foldName(name)
    .split(NAME_SEPARATORS)
    .filter((part) => part.length >= MIN_PART_LENGTH);
  return parts.length >= 2 && parts.join('').length >= MIN_JOINED_LENGTH ? parts : [];
}

/**
 * The name's words in order (or in reverse, "Vance Adele"), joined by any run of non-letters or by
 * nothing: "Adele-Vance-2025!!", "adele.vance", "AdeleVance" and "Vance_Adele" all contain "Adele
 * Vance". Matched on the folded password and on its Entra-normalised form (0→o 1→l $→s @→a), so
 * "@dele V@nce" is caught the way Entra's banned-password check sees names.
 */
export function containsFullName(password: string, parts: readonly string[]): boolean {
  if (parts.length < 2) return false;
  const folded = foldName(password);
  const forms = [folded, normaliseForBannedMatch(folded)];
  const orders = [parts, [...parts].reverse()];
  return orders.some((order) => {
    const pattern = new RegExp(order.map(escapeForPattern).join('[^\\p{L}]*'), 'u');
    return forms.some((form) => pattern.test(form));
  });
}
