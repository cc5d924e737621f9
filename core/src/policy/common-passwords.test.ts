import { describe, expect, it } from 'vitest';
import { loadCommonPasswords } from './common-passwords.js';
import { normaliseForBannedMatch } from './normalise-for-banned-match.js';

describe('loadCommonPasswords()', () => {
  it('knows the usual suspects in normalised form', () => {
    const list = loadCommonPasswords();
    for (const word of ['password', '123456', 'qwerty', 'trustno1', 'p@ssw0rd']) {
      expect(list.has(normaliseForBannedMatch(word))).toBe(true);
    }
  });

  it('does not know a random password', () => {
    expect(loadCommonPasswords().has(normaliseForBannedMatch('Vq7#mZ2!xR4p'))).toBe(false);
  });

  it('loads once and shares the result', () => {
    expect(loadCommonPasswords()).toBe(loadCommonPasswords());
  });
});
