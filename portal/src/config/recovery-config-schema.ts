import { z } from 'zod';

/** The kinds of recovery method a person can register; recovery codes are one kind (ten codes). */
export const RECOVERY_METHOD_KINDS = ['personal_email', 'totp', 'passkey', 'recovery_codes'] as const;

export type RecoveryKind = (typeof RECOVERY_METHOD_KINDS)[number];

const KINDS_EXPECTED = `expected a list of methods, each one of ${RECOVERY_METHOD_KINDS.join(', ')}`;

const whole = (min: number, max: number) =>
  z
    .number({ error: `expected a whole number from ${min} to ${max}` })
    .int({ error: `expected a whole number from ${min} to ${max}` })
    .min(min, { error: `expected a whole number from ${min} to ${max}` })
    .max(max, { error: `expected a whole number from ${min} to ${max}` });

/**
 * `recovery`: how people prove who they are when their password (or Microsoft 365) is out of reach, and
 * how the portal asks them to register the methods for that. Shaped after Entra's self-service reset:
 * a number of methods (1 or 2, of different kinds), chosen from the ones the organisation allows.
 */
export const recoveryConfigSchema = z
  .strictObject({
    /** The kinds people may register (and a reset may ask for). */
    methods: z
      .array(z.enum(RECOVERY_METHOD_KINDS, { error: KINDS_EXPECTED }), { error: KINDS_EXPECTED })
      .min(1, { error: 'expected at least one method: people need some way back in' })
      .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'expected each method once' })
      .default([...RECOVERY_METHOD_KINDS]),
    /** How many methods, of different kinds, a reset needs (admin accounts: always 2). */
    required: z
      .union([z.literal(1), z.literal(2)], { error: 'expected 1 or 2 (methods of different kinds)' })
      .default(1),
    /**
     * Whether the link mailed to the work address still counts as one method: `always`; `never`; or
     * `when_no_other_method` (default): only for someone who registered nothing else, so a person who did
     * is no longer one mailbox away from losing their account.
     */
    workMailboxLink: z
      .enum(['always', 'when_no_other_method', 'never'], {
        error: 'expected "always", "when_no_other_method" or "never"',
      })
      .default('when_no_other_method'),
    /** required: people without enough methods are taken to register them; offered: a link; off: nothing. */
    registration: z
      .enum(['required', 'offered', 'off'], { error: 'expected "required", "offered" or "off"' })
      .default('offered'),
    /** With registration required: how many times a person may answer "remind me later". */
    reminderSkips: whole(0, 100).default(3),
    /**
     * A method registered by someone who proved only the password (no method of theirs was usable yet)
     * serves a reset only after this many hours: whoever stole a password cannot add a way in and reset
     * at once, and the owner has a day to see the notice at the work address. 0: no wait.
     */
    newMethodCoolingOffHours: whole(0, 720).default(24),
    /** Security info (/account) signs out after this many idle minutes. */
    sessionIdleMinutes: whole(1, 60).default(10),
    /** … and after this many minutes in any case. */
    sessionMaxMinutes: whole(5, 720).default(60),
  })
  .superRefine((recovery, ctx) => {
    if (recovery.methods.length > 0 && recovery.required > recovery.methods.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['required'],
        message: `expected at most ${recovery.methods.length}: only ${recovery.methods.length} kind(s) of method are allowed in recovery.methods, and a reset needs methods of different kinds`,
      });
    }
    if (recovery.sessionIdleMinutes > recovery.sessionMaxMinutes) {
      ctx.addIssue({
        code: 'custom',
        path: ['sessionIdleMinutes'],
        message: 'expected at most recovery.sessionMaxMinutes',
      });
    }
  });

export type RecoveryConfig = z.output<typeof recoveryConfigSchema>;
