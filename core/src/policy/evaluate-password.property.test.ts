import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCommonPasswords } from './common-passwords.js';
import { describeRequirements } from './describe-requirements.js';
import { evaluatePassword } from './evaluate-password.js';
import { parsePolicy } from './parse-policy.js';
import { VIOLATION_CODES } from './violation-codes.js';

// Entra's rules restated from Microsoft's page, independently of entra-rules.ts and the engine.
const ENTRA_ALPHABET = /^[A-Za-z0-9@#$%^&*\-_!+=[\]{}|\\:',.?/`~"();<> ]*$/;

function entraAccepts(password: string, maxLength: number): boolean {
  if (password.length < 8 || password.length > maxLength || !ENTRA_ALPHABET.test(password)) return false;
  const kinds = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((kind) => kind.test(password)).length;
  return kinds >= 3;
}

const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary-ascii', maxLength: 40 }),
);

const entraCharacters = fc.constantFrom(
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ',
);

const policyInput = fc.record({
  minLength: fc.integer({ min: 1, max: 16 }),
  maxLength: fc.integer({ min: 16, max: 256 }),
  requireLowercase: fc.boolean(),
  requireUppercase: fc.boolean(),
  requireNumber: fc.boolean(),
  requireSpecial: fc.boolean(),
  disallowUsername: fc.boolean(),
  disallowCommonPasswords: fc.boolean(),
  disallowSequentialOrRepeated: fc.boolean(),
  microsoft365: fc.record({ enforce: fc.boolean(), maxLength: fc.constantFrom(256, 16) }),
});

const context = fc.record(
  { username: anyString, email: anyString, displayName: anyString, tenantName: anyString },
  { requiredKeys: [] },
);

describe('evaluatePassword() properties', () => {
  const dictionary = loadCommonPasswords();

  it('never throws and always answers with known codes, for any string, policy and context', () => {
    fc.assert(
      fc.property(anyString, policyInput, context, fc.boolean(), (password, input, ctx, withList) => {
        const result = evaluatePassword(password, parsePolicy(input), ctx, withList ? { dictionary } : {});
        if (!result.ok) {
          expect(result.violations.length).toBeGreaterThan(0);
          for (const v of result.violations) expect(VIOLATION_CODES).toContain(v.code);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('only accepts passwords Entra accepts when Microsoft 365 is enforced', () => {
    const password = fc.oneof(
      fc.string({ unit: entraCharacters, minLength: 6, maxLength: 30 }),
      fc.string({ unit: entraCharacters, minLength: 250, maxLength: 260 }),
      anyString,
    );
    let accepted = 0;
    fc.assert(
      fc.property(password, policyInput, (candidate, input) => {
        const policy = parsePolicy({ ...input, microsoft365: { ...input.microsoft365, enforce: true } });
        const result = evaluatePassword(candidate, policy);
        if (!result.ok) return;
        accepted += 1;
        expect(entraAccepts(candidate, policy.microsoft365.maxLength)).toBe(true);
      }),
      { numRuns: 500 },
    );
    // Guards against a vacuous pass: the generators must reach accepted passwords.
    expect(accepted).toBeGreaterThan(20);
  });

  it('only reports codes that describeRequirements listed, so a page can tick every one', () => {
    fc.assert(
      fc.property(anyString, policyInput, context, (password, input, ctx) => {
        const policy = parsePolicy(input);
        const listed = describeRequirements(policy, { dictionary: true }).map((r) => r.code);
        const result = evaluatePassword(password, policy, ctx, { dictionary });
        for (const v of result.ok ? [] : result.violations) expect(listed).toContain(v.code);
      }),
      { numRuns: 300 },
    );
  });
});
