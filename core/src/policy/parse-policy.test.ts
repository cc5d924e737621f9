import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, PolicyError, parsePolicy } from './parse-policy.js';

function refusal(input: unknown): PolicyError {
  try {
    parsePolicy(input);
  } catch (error) {
    if (error instanceof PolicyError) return error;
    throw error;
  }
  throw new Error('parsePolicy accepted the policy');
}

describe('parsePolicy()', () => {
  it('fills every default from an empty policy', () => {
    expect(parsePolicy({})).toEqual({
      minLength: 12,
      maxLength: 256,
      requireLowercase: true,
      requireUppercase: true,
      requireNumber: true,
      requireSpecial: true,
      disallowUsername: true,
      disallowCommonPasswords: true,
      disallowSequentialOrRepeated: false,
      bannedTerms: [],
      historyCount: 5,
      minAgeDays: 0,
      maxAgeDays: null,
      expiryWarningDays: 7,
      lockout: { maxAttempts: 10, durationSeconds: 900, resetCounterMinutes: 15 },
      microsoft365: { enforce: true, maxLength: 256 },
    });
    expect(defaultPolicy).toEqual(parsePolicy({}));
  });

  it('keeps what the admin wrote and fills the rest of nested objects', () => {
    const policy = parsePolicy({
      lockout: { maxAttempts: 5 },
      microsoft365: { maxLength: 16 },
      minLength: 10,
    });
    expect(policy.lockout).toEqual({ maxAttempts: 5, durationSeconds: 900, resetCounterMinutes: 15 });
    expect(policy.microsoft365).toEqual({ enforce: true, maxLength: 16 });
    expect(policy.minLength).toBe(10);
  });

  it('accepts null lockout and trims banned terms', () => {
    const policy = parsePolicy({ lockout: null, bannedTerms: ['  contoso '], maxAgeDays: 90 });
    expect(policy.lockout).toBeNull();
    expect(policy.bannedTerms).toEqual(['contoso']);
    expect(policy.maxAgeDays).toBe(90);
  });

  it.each([
    ['not an object', 'min 12', 'policy', 'JSON object'],
    ['null', null, 'policy', 'JSON object'],
    ['a list', [], 'policy', 'JSON object'],
    ['minLength 0', { minLength: 0 }, 'minLength', 'whole number from 1 to 256'],
    ['minLength as text', { minLength: '12' }, 'minLength', 'whole number'],
    ['a fractional minLength', { minLength: 9.5 }, 'minLength', 'whole number'],
    ['maxLength over 256', { maxLength: 300 }, 'maxLength', 'from 1 to 256'],
    ['a toggle as text', { requireNumber: 'yes' }, 'requireNumber', 'true or false'],
    ['historyCount 25', { historyCount: 25 }, 'historyCount', 'from 0 to 24'],
    ['a negative minAgeDays', { minAgeDays: -1 }, 'minAgeDays', 'from 0'],
    ['maxAgeDays 0', { maxAgeDays: 0 }, 'maxAgeDays', 'from 1'],
    [
      'a 60-second lockout',
      { lockout: { durationSeconds: 60 } },
      'lockout.durationSeconds',
      'from 300 to 5400',
    ],
    ['lockout as text', { lockout: 'on' }, 'lockout', 'null (no lockout)'],
    ['microsoft365 null', { microsoft365: null }, 'microsoft365', 'enforce'],
    ['microsoft365.maxLength 32', { microsoft365: { maxLength: 32 } }, 'microsoft365.maxLength', '256'],
    ['a 3-letter banned term', { bannedTerms: ['abc'] }, 'bannedTerms[0]', 'at least 4'],
    ['bannedTerms as text', { bannedTerms: 'contoso' }, 'bannedTerms', 'list of words'],
    ['a misspelt field', { minLenght: 12 }, 'minLenght', 'unknown field'],
    ['a misspelt nested field', { lockout: { attempts: 3 } }, 'lockout.attempts', 'unknown field'],
    [
      'minLength above the legacy 16',
      { minLength: 20, microsoft365: { maxLength: 16 } },
      'minLength',
      'microsoft365.maxLength 16',
    ],
    ['minLength above maxLength', { minLength: 30, maxLength: 20 }, 'minLength', 'maxLength 20'],
    ['maxLength below Entra minimum', { minLength: 1, maxLength: 6 }, 'minLength', 'effective minimum 8'],
    [
      'maxLength too short for the required kinds',
      { minLength: 1, maxLength: 3, microsoft365: { enforce: false } },
      'maxLength',
      '4 character kinds',
    ],
    ['minAgeDays not below maxAgeDays', { minAgeDays: 30, maxAgeDays: 30 }, 'minAgeDays', 'maxAgeDays'],
  ])('refuses %s, naming the field', (_name, input, field, expected) => {
    const error = refusal(input);
    expect(error.problems.map((p) => p.field)).toContain(field);
    expect(error.message).toContain(`${field}: `);
    expect(error.message).toContain(expected);
    expect(error.code).toBe('INVALID_POLICY');
  });

  it('names every bad field at once', () => {
    const error = refusal({ minLength: 0, historyCount: 99, colour: 'red' });
    expect(error.problems.map((p) => p.field).sort()).toEqual(['colour', 'historyCount', 'minLength']);
  });

  it('accepts a satisfiable policy that Microsoft 365 does not govern', () => {
    expect(parsePolicy({ minLength: 4, microsoft365: { enforce: false } }).minLength).toBe(4);
  });
});

describe('parsePolicy() on arbitrary JSON', () => {
  it('either returns a policy or throws PolicyError, never anything else', () => {
    const field = fc.constantFrom(
      'minLength',
      'maxLength',
      'requireNumber',
      'bannedTerms',
      'maxAgeDays',
      'minAgeDays',
      'lockout',
      'microsoft365',
    );
    const value = fc.oneof(
      fc.jsonValue(),
      fc.dictionary(fc.constantFrom('enforce', 'maxLength', 'maxAttempts'), fc.jsonValue()),
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(field, value)), (input) => {
        try {
          parsePolicy(input);
        } catch (error) {
          expect(error).toBeInstanceOf(PolicyError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
