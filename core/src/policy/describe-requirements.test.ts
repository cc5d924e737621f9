import { describe, expect, it } from 'vitest';
import { describeRequirements } from './describe-requirements.js';
import { defaultPolicy, parsePolicy } from './parse-policy.js';
import type { Requirement } from './types.js';

function byCode(list: Requirement[]): Record<string, Requirement> {
  return Object.fromEntries(list.map((r) => [r.code, r]));
}

describe('describeRequirements()', () => {
  it('lists the default policy in plain words', () => {
    const list = byCode(describeRequirements(defaultPolicy));
    expect(Object.keys(list)).toEqual([
      'TOO_SHORT',
      'TOO_LONG',
      'MISSING_LOWERCASE',
      'MISSING_UPPERCASE',
      'MISSING_NUMBER',
      'MISSING_SPECIAL',
      'INVALID_CHARACTER',
      'CONTAINS_USERNAME',
      'COMMON_PASSWORD',
      'BANNED',
      'REUSED',
    ]);
    expect(list.TOO_SHORT?.text).toBe('At least 12 characters');
    expect(list.TOO_LONG).toMatchObject({ text: 'At most 256 characters', imposedByMicrosoft: true });
    expect(list.INVALID_CHARACTER).toMatchObject({ imposedByMicrosoft: true, checkedOnSubmit: false });
    expect(list.REUSED).toMatchObject({ text: 'Not one of your last 5 passwords', checkedOnSubmit: true });
  });

  it('marks list-based checks as checked on submit unless the caller has the list', () => {
    const browser = byCode(describeRequirements(defaultPolicy));
    const server = byCode(describeRequirements(defaultPolicy, { dictionary: true }));
    expect(browser.COMMON_PASSWORD?.checkedOnSubmit).toBe(true);
    expect(browser.BANNED?.checkedOnSubmit).toBe(true);
    expect(server.COMMON_PASSWORD?.checkedOnSubmit).toBe(false);
    expect(server.BANNED?.checkedOnSubmit).toBe(false);
  });

  it('shows Entra’s 3-of-4 rule and minimum 8 when the admin’s toggles are off', () => {
    const policy = parsePolicy({
      minLength: 1,
      requireLowercase: false,
      requireUppercase: false,
      requireNumber: false,
      requireSpecial: false,
    });
    const list = byCode(describeRequirements(policy));
    expect(list.TOO_SHORT).toMatchObject({ text: 'At least 8 characters', imposedByMicrosoft: true });
    expect(list.NOT_ENOUGH_CHARACTER_KINDS).toMatchObject({
      imposedByMicrosoft: true,
      checkedOnSubmit: false,
    });
    expect(list.MISSING_LOWERCASE).toBeUndefined();
  });

  it('describes a legacy tenant, optional rules and Microsoft not enforced', () => {
    const legacy = byCode(describeRequirements(parsePolicy({ microsoft365: { maxLength: 16 } })));
    expect(legacy.TOO_LONG?.text).toBe('At most 16 characters');

    const strict = byCode(
      describeRequirements(
        parsePolicy({ disallowSequentialOrRepeated: true, minAgeDays: 1, historyCount: 0 }),
      ),
    );
    expect(strict.SEQUENTIAL_OR_REPEATED).toBeDefined();
    expect(strict.TOO_SOON).toMatchObject({ checkedOnSubmit: true });
    expect(strict.REUSED).toBeUndefined();

    const loose = describeRequirements(
      parsePolicy({ microsoft365: { enforce: false }, disallowCommonPasswords: false }),
    );
    expect(loose.every((r) => !r.imposedByMicrosoft)).toBe(true);
    expect(byCode(loose).BANNED).toBeUndefined();
  });
});
