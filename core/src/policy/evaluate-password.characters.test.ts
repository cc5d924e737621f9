import { describe, expect, it } from 'vitest';
import { loadCommonPasswords } from './common-passwords.js';
import { evaluatePassword } from './evaluate-password.js';
import { defaultPolicy, parsePolicy } from './parse-policy.js';
import type { Evaluation } from './types.js';
import type { ViolationCode } from './violation-codes.js';

// Copied by hand from Microsoft's page (concept-sspr-policy.md), not from entra-rules.ts, so a
// typo in the constant fails here.
const MICROSOFT_SYMBOLS = [...'@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<>', ' '];

// Letters and digits only (no symbol): a symbol added anywhere makes it pass the default policy.
const NO_SYMBOL = 'Vq7kmZ2wxR4p';

function codesOf(result: Evaluation): ViolationCode[] {
  return result.ok ? [] : result.violations.map((v) => v.code);
}

/** A run of the given length with no dictionary words, sequences or repeats. */
function passwordOfLength(length: number): string {
  const unit = 'Vq7#mZ2!xR4p';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

describe('evaluatePassword() characters', () => {
  it.each(MICROSOFT_SYMBOLS)('accepts the symbol %j on its own as the special character', (symbol) => {
    expect(evaluatePassword(`Vq7km${symbol}Z2wxR4p`, defaultPolicy)).toEqual({ ok: true });
    const dictionary = loadCommonPasswords();
    expect(evaluatePassword(`Vq7km${symbol}Z2wxR4p`, defaultPolicy, {}, { dictionary })).toEqual({
      ok: true,
    });
  });

  it('needs a symbol when none of Microsoft’s is present', () => {
    expect(codesOf(evaluatePassword(NO_SYMBOL, defaultPolicy))).toEqual(['MISSING_SPECIAL']);
  });

  it.each([
    ['an accented letter', 'é'],
    ['a Cyrillic letter', 'Ж'],
    ['a CJK character', '中'],
    ['a tab', '\t'],
    ['a newline', '\n'],
    ['a carriage return', '\r'],
    ['an emoji', '😀'],
    ['NUL', '\u0000'],
    ['a non-breaking space', '\u00a0'],
    ['a lone surrogate', '\ud800'],
    ['a pound sign', '£'],
  ])('refuses %s as INVALID_CHARACTER', (_name, char) => {
    const codes = codesOf(evaluatePassword(`Vq7#m${char}Z2!xR4p`, defaultPolicy));
    expect(codes).toEqual(['INVALID_CHARACTER']);
  });

  it.each([
    ['a tab', '\t'],
    ['a newline', '\n'],
    ['NUL', '\u0000'],
    ['a lone surrogate', '\ud800'],
  ])('refuses %s even when Microsoft 365 is not enforced', (_name, char) => {
    const policy = parsePolicy({ microsoft365: { enforce: false } });
    expect(codesOf(evaluatePassword(`Vq7#m${char}Z2!xR4p`, policy))).toEqual(['INVALID_CHARACTER']);
  });

  it('counts an emoji as one character', () => {
    const policy = parsePolicy({ minLength: 13, microsoft365: { enforce: false } });
    expect(evaluatePassword(`${passwordOfLength(12)}😀`, policy)).toEqual({ ok: true });
  });
});

describe('evaluatePassword() length boundaries', () => {
  const entraMinimum = parsePolicy({ minLength: 1 });
  const legacy = parsePolicy({ minLength: 8, microsoft365: { maxLength: 16 } });
  const unenforced = parsePolicy({
    minLength: 4,
    requireLowercase: false,
    requireUppercase: false,
    requireNumber: false,
    requireSpecial: false,
    microsoft365: { enforce: false },
  });

  it.each([
    ['Entra minimum 8 applies over minLength 1', entraMinimum, 7, ['TOO_SHORT']],
    ['8 characters meet Entra minimum', entraMinimum, 8, []],
    ['256 characters are the most Microsoft 365 takes', defaultPolicy, 256, []],
    ['257 characters are too long', defaultPolicy, 257, ['TOO_LONG']],
    ['16 characters fit a legacy tenant', legacy, 16, []],
    ['17 characters are too long for a legacy tenant', legacy, 17, ['TOO_LONG']],
    ['7 characters are too short for a legacy tenant', legacy, 7, ['TOO_SHORT']],
    ['4 characters pass when Microsoft is not enforced', unenforced, 4, []],
    ['3 characters fail minLength 4 when Microsoft is not enforced', unenforced, 3, ['TOO_SHORT']],
  ] as const)('%s', (_name, policy, length, expected) => {
    expect(codesOf(evaluatePassword(passwordOfLength(length), policy))).toEqual(expected);
  });
});
