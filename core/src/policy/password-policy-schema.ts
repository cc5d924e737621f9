import { z } from 'zod';
import {
  ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH,
  ENTRA_CUSTOM_BANNED_TERMS_MAX_COUNT,
  ENTRA_LEGACY_MAX_PASSWORD_LENGTH,
  ENTRA_MAX_PASSWORD_LENGTH,
} from '../m365/entra-rules.js';
import { effectiveLengthLimits, requiredKindCount } from './effective-limits.js';

function wholeNumber(min: number, max: number) {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

const toggle = z.boolean({ error: 'expected true or false' });

// Longer than any sane word but short enough that a pasted paragraph is caught as a mistake.
const BANNED_TERM_MAX_LENGTH = 64;

const bannedTerm = z
  .string({ error: 'expected a word (text)' })
  .trim()
  .min(ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH, {
    error: `expected at least ${ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH} characters (shorter terms would ban too much)`,
  })
  .max(BANNED_TERM_MAX_LENGTH, { error: `expected at most ${BANNED_TERM_MAX_LENGTH} characters` });

const lockoutSchema = z.strictObject(
  {
    maxAttempts: wholeNumber(1, 100).default(10),
    // JumpCloud's range for automatic unlock: 5 minutes to 90 minutes.
    durationSeconds: wholeNumber(300, 5400).default(900),
    resetCounterMinutes: wholeNumber(1, 1440).default(15),
  },
  { error: 'expected null (no lockout) or an object with maxAttempts, durationSeconds, resetCounterMinutes' },
);

const microsoft365Schema = z.strictObject(
  {
    enforce: toggle.default(true),
    maxLength: z
      .union([z.literal(ENTRA_MAX_PASSWORD_LENGTH), z.literal(ENTRA_LEGACY_MAX_PASSWORD_LENGTH)], {
        error: `expected ${ENTRA_MAX_PASSWORD_LENGTH} (current Microsoft 365) or ${ENTRA_LEGACY_MAX_PASSWORD_LENGTH} (legacy tenants)`,
      })
      .default(ENTRA_MAX_PASSWORD_LENGTH),
  },
  { error: 'expected an object with enforce (true or false) and maxLength (256 or 16)' },
);

/**
 * The admin's policy file. Input is the JSON an admin writes (every field optional); output has every
 * default filled. Unknown fields are refused so a misspelt setting cannot silently do nothing.
 */
export const passwordPolicySchema = z
  .strictObject(
    {
      minLength: wholeNumber(1, ENTRA_MAX_PASSWORD_LENGTH).default(12),
      maxLength: wholeNumber(1, ENTRA_MAX_PASSWORD_LENGTH).default(ENTRA_MAX_PASSWORD_LENGTH),
      requireLowercase: toggle.default(true),
      requireUppercase: toggle.default(true),
      requireNumber: toggle.default(true),
      requireSpecial: toggle.default(true),
      disallowUsername: toggle.default(true),
      disallowCommonPasswords: toggle.default(true),
      disallowSequentialOrRepeated: toggle.default(false),
      bannedTerms: z
        .array(bannedTerm, { error: 'expected a list of words' })
        .max(ENTRA_CUSTOM_BANNED_TERMS_MAX_COUNT, {
          error: `expected at most ${ENTRA_CUSTOM_BANNED_TERMS_MAX_COUNT} terms`,
        })
        .default([]),
      historyCount: wholeNumber(0, 24).default(5),
      minAgeDays: wholeNumber(0, 365).default(0),
      maxAgeDays: wholeNumber(1, 3650).nullable().default(null),
      expiryWarningDays: wholeNumber(0, 90).default(7),
      lockout: lockoutSchema.nullable().prefault({}),
      microsoft365: microsoft365Schema.prefault({}),
    },
    { error: 'expected a JSON object' },
  )
  .superRefine((policy, ctx) => {
    const { min, max } = effectiveLengthLimits(policy);
    if (min > max) {
      const cap =
        max === policy.maxLength
          ? `maxLength ${max}`
          : `microsoft365.maxLength ${policy.microsoft365.maxLength}`;
      ctx.addIssue({
        code: 'custom',
        path: ['minLength'],
        message: `expected at most ${max}: the effective minimum ${min} is longer than ${cap}, so no password could pass`,
      });
    }
    const kinds = requiredKindCount(policy);
    if (kinds > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxLength'],
        message: `expected at least ${kinds}: ${kinds} character kinds are required`,
      });
    }
    if (policy.maxAgeDays !== null && policy.minAgeDays >= policy.maxAgeDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['minAgeDays'],
        message: `expected fewer days than maxAgeDays (${policy.maxAgeDays}), or passwords would expire before they may be changed`,
      });
    }
  });

export type PasswordPolicy = z.output<typeof passwordPolicySchema>;
export type PasswordPolicyInput = z.input<typeof passwordPolicySchema>;
