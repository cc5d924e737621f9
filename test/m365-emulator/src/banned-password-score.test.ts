import { describe, expect, it } from 'vitest';
import { bannedPasswordScore } from './banned-password-score.js';
import { checkEntraPassword } from './entra-password-rules.js';

describe('bannedPasswordScore()', () => {
  it("scores Microsoft's documented examples: C0ntos0Blank12 is 4, ContoS0Bl@nkf9! is 5", () => {
    expect(bannedPasswordScore('C0ntos0Blank12', ['Contoso'])).toBe(4);
    expect(bannedPasswordScore('ContoS0Bl@nkf9!', ['Contoso'])).toBe(5);
  });

  it('matches banned terms within one edit after substitutions', () => {
    // "P@$$w0rd" normalises to "password": one term, plus "2024!" = 6 points.
    expect(bannedPasswordScore('P@$$w0rd2024!', [])).toBe(6);
    // "passwrd" is one deletion away from "password".
    expect(bannedPasswordScore('Passwrd!', [])).toBe(2);
  });

  it("matches the user's names only as exact substrings of four or more characters", () => {
    expect(bannedPasswordScore('AliceInWonderland1', ['Alice', 'Liddell'])).toBe(1 + 'inwonderland1'.length);
    expect(bannedPasswordScore('Bob-is-here-1', ['Bob'])).toBe('bob-is-here-1'.length);
  });
});

describe('checkEntraPassword()', () => {
  const context = { tenantName: 'Contoso', displayName: 'Alice Liddell' };

  it.each([
    ['Ab1!xyz', 'LENGTH'],
    [`Aa1!${'x'.repeat(253)}`, 'LENGTH'],
    ['Grüße-Sommer-2024', 'CHARACTERS'],
    ['Tab\there-Aa1', 'CHARACTERS'],
    ['lowercase-only-words', 'COMPLEXITY'],
    ['ALLUPPER123', 'COMPLEXITY'],
    ['Welcome1!', 'BANNED'],
    ['Alice12!', 'BANNED'],
  ])('refuses %j (%s)', (password, reason) => {
    expect(checkEntraPassword(password, context)).toBe(reason);
  });

  it.each(['Fresh-Harbour-42!', 'correct horse Battery 9', `Aa1!${'x'.repeat(252)}`, 'ContoS0Bl@nkf9!'])(
    'accepts %j',
    (password) => {
      expect(checkEntraPassword(password, context)).toBeNull();
    },
  );
});
