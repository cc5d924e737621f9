import { describe, expect, it } from 'vitest';
import { bannedScore, findTermMatches, type MatchesByEnd, withinOneEdit } from './banned-matches.js';
import { bannedTermsFor } from './banned-terms.js';
import { evaluatePassword } from './evaluate-password.js';
import { normaliseForBannedMatch } from './normalise-for-banned-match.js';
import { parsePolicy } from './parse-policy.js';
import type { PasswordContext } from './types.js';

function score(password: string, terms: string[], context: PasswordContext = {}): number {
  const text = normaliseForBannedMatch(password);
  const matches: MatchesByEnd = [];
  findTermMatches(text, bannedTermsFor(terms, context), matches);
  return bannedScore(text.length, matches);
}

describe('normaliseForBannedMatch()', () => {
  it.each([
    ['C0ntos0Blank12', 'contosoblankl2'],
    ['P@$$w0rd', 'password'],
    ['ABC', 'abc'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normaliseForBannedMatch(input)).toBe(expected);
  });
});

describe('withinOneEdit()', () => {
  it.each([
    ['blank', 'blank', true],
    ['blonk', 'blank', true],
    ['bllank', 'blank', true],
    ['blnk', 'blank', true],
    ['blankf', 'blank', false],
    ['oblank', 'blank', false],
    ['lank', 'blank', false],
    ['blinks', 'blank', false],
    ['bxxnk', 'blank', false],
  ])('%s against %s is %s', (text, term, expected) => {
    expect(withinOneEdit(text, 0, text.length, term)).toBe(expected);
  });
});

describe('bannedScore()', () => {
  // Microsoft's published examples (concept-password-ban-bad.md).
  it('scores C0ntos0Blank12 as 4 with contoso and blank banned', () => {
    expect(score('C0ntos0Blank12', ['contoso', 'blank'])).toBe(4);
  });

  it('scores ContoS0Bl@nkf9! as 5 with contoso and blank banned', () => {
    expect(score('ContoS0Bl@nkf9!', ['contoso', 'blank'])).toBe(5);
  });

  it.each([
    ['a fuzzy match counts as a term', 'Bl@nk3d!', ['blanked'], 2],
    ['repeated terms count each time', 'blankblankblank', ['blank'], 3],
    ['overlapping terms do not share characters', 'contosoap', ['contoso', 'soap'], 3],
    ['no terms: every character scores', 'abcdefgh', [], 8],
  ])('%s', (_name, password, terms, expected) => {
    expect(score(password, terms)).toBe(expected);
  });

  it('matches names and the tenant as substrings from 4 characters', () => {
    const context = { displayName: 'Anna Kowalski', tenantName: 'Contoso Ltd' };
    expect(score('AnnaKowalski!', [], context)).toBe(2);
    expect(score('xxContosoxx', [], context)).toBe(5);
  });

  it('does not match names fuzzily', () => {
    expect(score('Kowalsky', [], { displayName: 'Anna Kowalski' })).toBe(8);
  });
});

describe('evaluatePassword() banned examples', () => {
  const policy = parsePolicy({ bannedTerms: ['contoso', 'blank'], minLength: 8, requireSpecial: false });

  it('rejects C0ntos0Blank12 as BANNED and for nothing else', () => {
    const result = evaluatePassword('C0ntos0Blank12', policy);
    expect(result.ok ? [] : result.violations.map((v) => v.code)).toEqual(['BANNED']);
  });

  it('accepts ContoS0Bl@nkf9!', () => {
    expect(evaluatePassword('ContoS0Bl@nkf9!', policy)).toEqual({ ok: true });
  });
});
