import { describe, expect, it } from 'vitest';
import { loadCommonPasswords } from './common-passwords.js';
import { evaluatePassword } from './evaluate-password.js';
import { defaultPolicy, parsePolicy } from './parse-policy.js';
import type { PasswordPolicyInput } from './password-policy-schema.js';
import type { EvaluateOptions, Evaluation, PasswordContext } from './types.js';
import type { ViolationCode } from './violation-codes.js';
import { violationMessage } from './violation-message.js';

// 12 characters, all four kinds, no runs, no dictionary words: passes the default policy.
const STRONG = 'Vq7#mZ2!xR4p';

function codesOf(result: Evaluation): ViolationCode[] {
  return result.ok ? [] : result.violations.map((v) => v.code);
}

interface Case {
  code: ViolationCode;
  why: string;
  policy?: PasswordPolicyInput;
  password: string;
  context?: PasswordContext;
  dictionary?: boolean;
}

const ALL_OFF = {
  requireLowercase: false,
  requireUppercase: false,
  requireNumber: false,
  requireSpecial: false,
};

const triggered: Case[] = [
  { code: 'TOO_SHORT', why: '11 characters under the default 12', password: 'Vq7#mZ2!xR4' },
  {
    code: 'TOO_LONG',
    why: '21 characters over maxLength 20',
    policy: { maxLength: 20 },
    password: `${STRONG}Kd9@wT5$e`,
  },
  { code: 'MISSING_LOWERCASE', why: 'no a-z', password: 'VQ7#MZ2!XR4P' },
  { code: 'MISSING_UPPERCASE', why: 'no A-Z', password: 'vq7#mz2!xr4p' },
  { code: 'MISSING_NUMBER', why: 'no 0-9', password: 'Vqk#mZw!xRyp' },
  { code: 'MISSING_SPECIAL', why: 'no symbol', password: 'Vq7kmZ2wxR4p' },
  {
    code: 'NOT_ENOUGH_CHARACTER_KINDS',
    why: 'two kinds with every toggle off',
    policy: ALL_OFF,
    password: 'vq7kmz2wxr4p',
  },
  { code: 'INVALID_CHARACTER', why: 'an accented letter', password: `${STRONG}é` },
  {
    code: 'CONTAINS_USERNAME',
    why: 'the username in another case',
    password: 'Vq7#BoB2!xR4p',
    context: { username: 'bob' },
  },
  {
    code: 'CONTAINS_USERNAME',
    why: "the UPN's local part",
    password: 'Vq7#alice!xR4p',
    context: { username: 'Alice@contoso.com' },
  },
  {
    code: 'CONTAINS_USERNAME',
    why: "the e-mail's local part",
    password: 'Vq7#j.doe!xR4p',
    context: { email: 'J.Doe@contoso.com' },
  },
  {
    code: 'COMMON_PASSWORD',
    why: 'a well-known password',
    policy: { minLength: 8 },
    password: 'P@ssw0rd',
    dictionary: true,
  },
  {
    code: 'SEQUENTIAL_OR_REPEATED',
    why: 'abc inside',
    policy: { disallowSequentialOrRepeated: true },
    password: 'Vq7#abcZ!xR4p',
  },
  {
    code: 'BANNED',
    why: "the tenant's name plus little else",
    policy: { minLength: 8 },
    password: 'C0ntoso#24',
    context: { tenantName: 'Contoso Ltd' },
  },
  {
    code: 'BANNED',
    why: "the user's surname plus little else",
    password: 'Kowalski#24',
    policy: { minLength: 8 },
    context: { displayName: 'Anna Kowalski' },
  },
  {
    code: 'BANNED',
    why: 'an admin term at edit distance 1',
    policy: { bannedTerms: ['fabrikam'], minLength: 8 },
    password: 'Fabrikan#24',
  },
  { code: 'BANNED', why: 'common words from the list', password: 'Summer2024!!', dictionary: true },
  {
    code: 'BANNED',
    why: 'a list word with a digit inserted',
    policy: { minLength: 8 },
    password: 'Dra9gon!Q',
    dictionary: true,
  },
  {
    code: 'BANNED',
    why: 'a 240-character password made of a 60-character banned term',
    policy: { bannedTerms: ['Zebra#Quilt7'.repeat(5)] },
    password: 'Zebra#Quilt7'.repeat(20),
  },
];

const notTriggered: Case[] = [
  { code: 'TOO_SHORT', why: 'exactly 12', password: STRONG },
  { code: 'TOO_LONG', why: 'exactly maxLength 20', policy: { maxLength: 20 }, password: `${STRONG}Kd9@wT5$` },
  {
    code: 'MISSING_LOWERCASE',
    why: 'the toggle is off',
    policy: { requireLowercase: false },
    password: 'VQ7#MZ2!XR4P',
  },
  {
    code: 'MISSING_UPPERCASE',
    why: 'the toggle is off',
    policy: { requireUppercase: false },
    password: 'vq7#mz2!xr4p',
  },
  {
    code: 'MISSING_NUMBER',
    why: 'the toggle is off',
    policy: { requireNumber: false },
    password: 'Vqk#mZw!xRyp',
  },
  { code: 'MISSING_SPECIAL', why: 'a space counts as a symbol', password: 'Vq7km Z2wxR4p' },
  { code: 'NOT_ENOUGH_CHARACTER_KINDS', why: 'three kinds', policy: ALL_OFF, password: 'Vq7kmZ2wxR4p' },
  {
    code: 'NOT_ENOUGH_CHARACTER_KINDS',
    why: 'Microsoft is not enforced',
    policy: { ...ALL_OFF, microsoft365: { enforce: false } },
    password: 'vqxkmzywxrtp',
  },
  {
    code: 'INVALID_CHARACTER',
    why: 'Unicode letters are fine when Microsoft is not enforced',
    policy: { microsoft365: { enforce: false } },
    password: `${STRONG}é`,
  },
  {
    code: 'CONTAINS_USERNAME',
    why: 'a 2-character username is too short to match',
    password: 'Vq7#bo2!xR4p',
    context: { username: 'bo' },
  },
  {
    code: 'CONTAINS_USERNAME',
    why: 'the toggle is off',
    policy: { disallowUsername: false },
    password: 'Vq7#BoB2!xR4p',
    context: { username: 'bob' },
  },
  {
    code: 'COMMON_PASSWORD',
    why: 'no list given (the browser case)',
    policy: { minLength: 8 },
    password: 'P@ssw0rd',
  },
  {
    code: 'COMMON_PASSWORD',
    why: 'the toggle is off',
    policy: { minLength: 8, disallowCommonPasswords: false },
    password: 'P@ssw0rd',
    dictionary: true,
  },
  { code: 'SEQUENTIAL_OR_REPEATED', why: 'the toggle is off by default', password: 'Vq7#abcZ!xR4p' },
  {
    code: 'SEQUENTIAL_OR_REPEATED',
    why: 'no run of 3',
    policy: { disallowSequentialOrRepeated: true },
    password: STRONG,
  },
  { code: 'BANNED', why: 'a strong password with the full list', password: STRONG, dictionary: true },
  {
    code: 'BANNED',
    why: 'a 3-letter name is not matched',
    password: 'Vq7#Ann!xR4p',
    context: { displayName: 'Ann Li' },
  },
  {
    code: 'BANNED',
    why: 'without the list nothing matches',
    policy: { minLength: 8 },
    password: 'Dra9gon!Q',
  },
];

function run(c: Case): Evaluation {
  const options: EvaluateOptions = c.dictionary ? { dictionary: loadCommonPasswords() } : {};
  return evaluatePassword(c.password, parsePolicy(c.policy ?? {}), c.context, options);
}

describe('evaluatePassword()', () => {
  it.each(triggered)('reports $code for $why', (c) => {
    expect(codesOf(run(c))).toContain(c.code);
  });

  it.each(notTriggered)('does not report $code when $why', (c) => {
    expect(codesOf(run(c))).not.toContain(c.code);
  });

  it('accepts a strong password under the default policy, with and without the list', () => {
    expect(evaluatePassword(STRONG, defaultPolicy)).toEqual({ ok: true });
    expect(evaluatePassword(STRONG, defaultPolicy, {}, { dictionary: loadCommonPasswords() })).toEqual({
      ok: true,
    });
  });

  it('reports every violation at once, each with a message', () => {
    const policy = parsePolicy({ disallowSequentialOrRepeated: true });
    const result = evaluatePassword('abc', policy);
    expect(codesOf(result)).toEqual([
      'TOO_SHORT',
      'MISSING_UPPERCASE',
      'MISSING_NUMBER',
      'MISSING_SPECIAL',
      'SEQUENTIAL_OR_REPEATED',
    ]);
    for (const v of result.ok ? [] : result.violations)
      expect(violationMessage(v.code, policy).length).toBeGreaterThan(10);
  });

  it('never puts the password in a message', () => {
    const password = 'Sekr1t-Hunter2';
    const result = evaluatePassword(password, parsePolicy({ maxLength: 12 }), { username: 'hunter' });
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it('calls a common password too common, not built from banned words, and says nothing of a score', () => {
    const policy = parsePolicy({ minLength: 8 });
    const result = evaluatePassword('P@ssw0rd', policy, {}, { dictionary: loadCommonPasswords() });
    expect(codesOf(result)).toContain('COMMON_PASSWORD');
    expect(codesOf(result)).not.toContain('BANNED');
    expect(violationMessage('COMMON_PASSWORD', policy)).toMatch(/^This password is too common/);
    for (const code of ['COMMON_PASSWORD', 'BANNED'] as const)
      expect(violationMessage(code, policy)).not.toMatch(/score/i);
  });

  it('refuses the full display name joined by a hyphen, as the name rule', () => {
    const result = evaluatePassword('Adele-Vance-2025!!', defaultPolicy, { displayName: 'Adele Vance' });
    expect(codesOf(result)).toEqual(['CONTAINS_USERNAME']);
  });
});
