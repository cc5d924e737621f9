import { ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH } from '../m365/entra-rules.js';
import type { BannedTerm } from './banned-terms.js';
import type { PasswordDictionary } from './types.js';

/** A stretch [start, end) of the normalised password that matches a banned term. */
export interface BannedMatch {
  start: number;
  end: number;
  fuzzy: boolean;
}

/** Matches grouped by the index they end at, which is what the scoring pass walks. */
export type MatchesByEnd = BannedMatch[][];

const MIN_TERM = ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH;
// Longest entry of the bundled common list; longer dictionary words only count as whole passwords.
export const DICTIONARY_MAX_WORD_LENGTH = 20;
// One inserted character next to a 4-letter word would match almost anything: fuzzy from 5.
const DICTIONARY_MIN_FUZZY_WORD = 5;

function add(matches: MatchesByEnd, start: number, end: number, fuzzy: boolean): void {
  const list = matches[end];
  if (list) list.push({ start, end, fuzzy });
  else matches[end] = [{ start, end, fuzzy }];
}

/**
 * Levenshtein distance of text[start, start+len) and term is at most 1 (one pass, no matrix).
 * A character added or dropped at either end does not count: that is an exact match of the term
 * (or of part of it) next to an ordinary character, and counting it would let every match swallow
 * a neighbour, which Microsoft's own example (`ContoS0Bl@nkf9!` scores 5) rules out.
 */
export function withinOneEdit(text: string, start: number, len: number, term: string): boolean {
  const termLength = term.length;
  if (Math.abs(len - termLength) > 1) return false;
  if (
    len !== termLength &&
    (text.charCodeAt(start) !== term.charCodeAt(0) ||
      text.charCodeAt(start + len - 1) !== term.charCodeAt(termLength - 1))
  ) {
    return false;
  }
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < len && j < termLength) {
    if (text.charCodeAt(start + i) === term.charCodeAt(j)) {
      i += 1;
      j += 1;
      continue;
    }
    edits += 1;
    if (edits > 1) return false;
    if (len > termLength) i += 1;
    else if (len < termLength) j += 1;
    else {
      i += 1;
      j += 1;
    }
  }
  return edits + (len - i) + (termLength - j) <= 1;
}

/** Every place a term occurs exactly, and (for fuzzy terms) within one edit, spans of 4+ characters. */
export function findTermMatches(text: string, terms: readonly BannedTerm[], matches: MatchesByEnd): void {
  for (const { text: term, fuzzy } of terms) {
    for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + 1)) {
      add(matches, at, at + term.length, false);
    }
    if (!fuzzy) continue;
    for (let len = Math.max(term.length - 1, MIN_TERM); len <= term.length + 1; len += 1) {
      for (let start = 0; start + len <= text.length; start += 1) {
        if (len === term.length && text.startsWith(term, start)) continue;
        if (withinOneEdit(text, start, len, term)) add(matches, start, start + len, true);
      }
    }
  }
}

/**
 * Matches against a large word list through Set lookups only: every substring of 4-20 characters
 * is looked up as is (exact), and every substring one longer is looked up with each inner digit or
 * symbol removed in turn (the word with one character inserted). Substitutions and deletions would need
 * an index the list does not have; they are left to Microsoft's own check.
 */
export function findDictionaryMatches(
  text: string,
  dictionary: PasswordDictionary,
  matches: MatchesByEnd,
): void {
  const n = text.length;
  for (let start = 0; start + MIN_TERM <= n; start += 1) {
    const longest = Math.min(DICTIONARY_MAX_WORD_LENGTH + 1, n - start);
    for (let len = MIN_TERM; len <= longest; len += 1) {
      const span = text.slice(start, start + len);
      if (len <= DICTIONARY_MAX_WORD_LENGTH && dictionary.has(span)) {
        add(matches, start, start + len, false);
        continue;
      }
      if (len <= DICTIONARY_MIN_FUZZY_WORD) continue;
      // Not the first or last character (see withinOneEdit), and only a digit or symbol: that is
      // how people dodge a word filter (drag9on, pass!word), and skipping letters keeps a typical
      // password to a few dozen lookups instead of hundreds.
      for (let skip = 1; skip < len - 1; skip += 1) {
        const code = span.charCodeAt(skip);
        if (code >= 97 && code <= 122) continue;
        if (dictionary.has(span.slice(0, skip) + span.slice(skip + 1))) {
          add(matches, start, start + len, true);
          break;
        }
      }
    }
  }
}

/**
 * Entra's score: 1 point per matched term plus 1 per character outside every match, over the
 * choice of non-overlapping matches that gives the LOWEST score (ties go to fewer fuzzy matches,
 * so exact matches win). Taking the lowest score means Passgate never accepts a password that
 * Entra's published procedure would score below 5.
 */
export function bannedScore(length: number, matches: MatchesByEnd): number {
  const score = new Array<number>(length + 1);
  const fuzzy = new Array<number>(length + 1);
  score[0] = 0;
  fuzzy[0] = 0;
  for (let end = 1; end <= length; end += 1) {
    let best = (score[end - 1] ?? 0) + 1;
    let bestFuzzy = fuzzy[end - 1] ?? 0;
    for (const match of matches[end] ?? []) {
      const candidate = (score[match.start] ?? 0) + 1;
      const candidateFuzzy = (fuzzy[match.start] ?? 0) + (match.fuzzy ? 1 : 0);
      if (candidate < best || (candidate === best && candidateFuzzy < bestFuzzy)) {
        best = candidate;
        bestFuzzy = candidateFuzzy;
      }
    }
    score[end] = best;
    fuzzy[end] = bestFuzzy;
  }
  return score[length] ?? 0;
}
