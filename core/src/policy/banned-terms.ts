import { ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH } from '../m365/entra-rules.js';
import { normaliseForBannedMatch } from './normalise-for-banned-match.js';
import type { PasswordContext } from './types.js';

/** A term to look for: fuzzy terms also match at edit distance 1, exact ones only as substrings. */
export interface BannedTerm {
  text: string;
  fuzzy: boolean;
}

const WORD_SEPARATORS = /[\s._\-,;:'"()/\\]+/;

function nameParts(value: string | undefined): string[] {
  if (!value) return [];
  const parts = value.split(WORD_SEPARATORS);
  const joined = parts.join('');
  return parts.length > 1 ? [...parts, joined] : parts;
}

function localPart(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.lastIndexOf('@');
  return at === -1 ? address : address.slice(0, at);
}

// Normalising the admin's list on every keystroke would waste time: cache it per list.
const normalisedLists = new WeakMap<readonly string[], BannedTerm[]>();

function adminTerms(bannedTerms: readonly string[]): BannedTerm[] {
  let terms = normalisedLists.get(bannedTerms);
  if (!terms) {
    terms = bannedTerms.map((term) => ({ text: normaliseForBannedMatch(term), fuzzy: true }));
    normalisedLists.set(bannedTerms, terms);
  }
  return terms;
}

/**
 * The admin's custom terms (fuzzy, as Entra's custom list) plus the user's names and the tenant
 * name, which Entra matches only as substrings of 4 characters or more.
 */
export function bannedTermsFor(bannedTerms: readonly string[], context: PasswordContext): BannedTerm[] {
  const names = [
    ...nameParts(context.displayName),
    ...nameParts(localPart(context.username)),
    ...nameParts(localPart(context.email)),
    ...nameParts(context.tenantName),
  ];
  const terms = [...adminTerms(bannedTerms)];
  const seen = new Set<string>();
  for (const name of names) {
    const text = normaliseForBannedMatch(name);
    if (text.length < ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH || seen.has(text)) continue;
    seen.add(text);
    terms.push({ text, fuzzy: false });
  }
  return terms;
}
