// zod/mini rather than classic zod: the same zod 4 schemas (parse, safeParse, z.input/z.output
// all work) at about a quarter of the bundle size, and this module ships to every browser.
import * as z from 'zod/mini';
import {
  ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH,
  ENTRA_CUSTOM_BANNED_TERMS_MAX_COUNT,
  ENTRA_LEGACY_MAX_PASSWORD_LENGTH,
  ENTRA_MAX_PASSWORD_LENGTH,
} from '../m365/entra-rules.js';
import { effectiveLengthLimits, requiredKindCount } from './effective-limits.js';

function wholeNumber(min: number, max: number) {
  const error = `expected a whole number from ${min} to ${max}`;
  return z.number({ error }).check(z.int({ error }), z.minimum(min, { error }), z.maximum(max, { error }));
}

function toggle(value: boolean) {
  return z._default(z.boolean({ error: 'expected true or false' }), value);
}

// Longer than any sane word but short enough that a pasted paragraph is caught as a mistake.
const BANNED_TERM_MAX_LENGTH = 64;

const bannedTerm = z.string({ error: 'expected a word (text)' }).check(
  z.trim(),
  z.minLength(ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH, {
    error: `expected at least ${ENTRA_CUSTOM_BANNED_TERM_MIN_LENGTH} characters (shorter terms would ban too much)`,
  }),
  z.maxLength(BANNED_TERM_MAX_LENGTH, { error: `expected at most ${BANNED_TERM_MAX_LENGTH} characters` }),
);

const lockoutSchema = z.strictObject(
  {
    maxAttempts: z._default(wholeNumber(1, 100), 10),
    // JumpCloud's range for automatic unlock: 5 minutes to 90 minutes.
    durationSeconds: z._default(wholeNumber(300, 5400), 900),
    resetCounterMinutes: z._default(wholeNumber(1, 1440), 15),
  },
  { error: 'expected null (no lockout) or an object with maxAttempts, durationSeconds, resetCounterMinutes' },
);

const microsoft365Schema = z.strictObject(
  {
    enforce: toggle(true),
    maxLength: z._default(
      z.union([z.literal(ENTRA_MAX_PASSWORD_LENGTH), z.literal(ENTRA_LEGACY_MAX_PASSWORD_LENGTH)], {
        error: `expected ${ENTRA_MAX_PASSWORD_LENGTH} (current Microsoft 365) or ${ENTRA_LEGACY_MAX_PASSWORD_LENGTH} (legacy tenants)`,
      }),
      ENTRA_MAX_PASSWORD_LENGTH,
    ),
  },
  { error: 'expected an object with enforce (true or false) and maxLength (256 or 16)' },
);

const fields = z.strictObject(
  {
    minLength: z._default(wholeNumber(1, ENTRA_MAX_PASSWORD_LENGTH), 12),
    maxLength: z._default(wholeNumber(1, ENTRA_MAX_PASSWORD_LENGTH), ENTRA_MAX_PASSWORD_LENGTH),
    requireLowercase: toggle(true),
    requireUppercase: toggle(true),
    requireNumber: toggle(true),
    requireSpecial: toggle(true),
    disallowUsername: toggle(true),
    disallowCommonPasswords: toggle(true),
    disallowSequentialOrRepeated: toggle(false),
    bannedTerms: z._default(
      z.array(bannedTerm, { error: 'expected a list of words' }).check(
        z.maxLength(ENTRA_CUSTOM_BANNED_TERMS_MAX_COUNT, {
          error: `expected at most ${ENTRA_CUSTOM_BANNED_TERMS_MAX_COUNT} terms`,
        }),
      ),
      [],
    ),
    historyCount: z._default(wholeNumber(0, 24), 5),
    minAgeDays: z._default(wholeNumber(0, 365), 0),
    maxAgeDays: z._default(z.nullable(wholeNumber(1, 3650)), null),
    expiryWarningDays: z._default(wholeNumber(0, 90), 7),
    lockout: z.prefault(z.nullable(lockoutSchema), {}),
    microsoft365: z.prefault(microsoft365Schema, {}),
  },
  { error: 'expected a JSON object' },
);

/**
 * The admin's policy file. Input is the JSON an admin writes (every field optional); output has every
 * default filled. Unknown fields are refused so a misspelt setting cannot silently do nothing.
 * Settings that are each valid but cannot all be met together are refused on the field to change.
 */
export const passwordPolicySchema = fields.check(
  z.superRefine((policy, ctx) => {
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
  }),
);

export type PasswordPolicy = z.output<typeof passwordPolicySchema>;
export type PasswordPolicyInput = z.input<typeof passwordPolicySchema>;
