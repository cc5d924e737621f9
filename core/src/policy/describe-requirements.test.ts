import { describe, expect, it } from 'vitest';
import { createMessages } from '../i18n/create-messages.js';
import { ENGLISH } from '../i18n/english.js';
import { describeRequirements } from './describe-requirements.js';
import { defaultPolicy, parsePolicy } from './parse-policy.js';
import type { Requirement } from './types.js';

const english = createMessages('en', ENGLISH);

/** A requirement as an English page words it. */
function text(requirement: Requirement | undefined): string | undefined {
  return requirement && english.t(requirement.message.key, requirement.message.values);
}

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
    expect(text(list.TOO_SHORT)).toBe('At least 12 characters');
    expect(text(list.TOO_LONG)).toBe('At most 256 characters');
    expect(list.TOO_LONG).toMatchObject({ imposedByMicrosoft: true });
    expect(list.INVALID_CHARACTER).toMatchObject({ imposedByMicrosoft: true, checkedOnSubmit: false });
    expect(text(list.REUSED)).toBe('Not one of your last 5 passwords');
    expect(list.REUSED).toMatchObject({ checkedOnSubmit: true });
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
    expect(text(list.TOO_SHORT)).toBe('At least 8 characters');
    expect(list.TOO_SHORT).toMatchObject({ imposedByMicrosoft: true });
    expect(list.NOT_ENOUGH_CHARACTER_KINDS).toMatchObject({
      imposedByMicrosoft: true,
      checkedOnSubmit: false,
    });
    expect(list.MISSING_LOWERCASE).toBeUndefined();
  });

  it('describes a legacy tenant, optional rules and Microsoft not enforced', () => {
    const legacy = byCode(describeRequirements(parsePolicy({ microsoft365: { maxLength: 16 } })));
    expect(text(legacy.TOO_LONG)).toBe('At most 16 characters');

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
