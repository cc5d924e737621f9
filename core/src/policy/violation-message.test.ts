import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse-policy.js';
import { VIOLATION_CODES } from './violation-codes.js';
import { violationMessage } from './violation-message.js';

describe('violationMessage()', () => {
  const policy = parsePolicy({
    minLength: 14,
    historyCount: 3,
    minAgeDays: 2,
    microsoft365: { maxLength: 16 },
  });

  it.each(VIOLATION_CODES)('words %s as a sentence', (code) => {
    const message = violationMessage(code, policy);
    expect(message).toMatch(/^[A-Z].{10,}\.$/s);
  });

  it.each([
    ['TOO_SHORT', 'at least 14 characters'],
    ['TOO_LONG', 'at most 16 characters'],
    ['REUSED', 'last 3 passwords'],
    ['TOO_SOON', '2 days'],
  ] as const)('puts the policy’s numbers into %s', (code, expected) => {
    expect(violationMessage(code, policy)).toContain(expected);
  });
});
