import { describe, expect, it } from 'vitest';
import { recoveryConfigSchema } from './recovery-config-schema.js';

function problems(input: unknown): string[] {
  const result = recoveryConfigSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('recoveryConfigSchema', () => {
  it('defaults to every method, one required, registration offered, 3 skips, the mailbox only without other methods', () => {
    expect(recoveryConfigSchema.parse({})).toEqual({
      methods: ['personal_email', 'totp', 'passkey', 'recovery_codes'],
      required: 1,
      workMailboxLink: 'when_no_other_method',
      registration: 'offered',
      reminderSkips: 3,
      newMethodCoolingOffHours: 24,
      sessionIdleMinutes: 10,
      sessionMaxMinutes: 60,
    });
  });

  it('takes a policy of two methods from a chosen list, registration required', () => {
    const config = recoveryConfigSchema.parse({
      methods: ['totp', 'recovery_codes'],
      required: 2,
      registration: 'required',
      reminderSkips: 0,
      workMailboxLink: 'never',
    });
    expect(config).toMatchObject({ methods: ['totp', 'recovery_codes'], required: 2, reminderSkips: 0 });
  });

  it('says what is wrong with each bad field', () => {
    expect(problems({ required: 3 })).toEqual(['required: expected 1 or 2 (methods of different kinds)']);
    expect(problems({ methods: ['sms'] })).toEqual([
      'methods.0: expected a list of methods, each one of personal_email, totp, passkey, recovery_codes',
    ]);
    expect(problems({ methods: [] })).toEqual([
      'methods: expected at least one method: people need some way back in',
    ]);
    expect(problems({ methods: ['totp', 'totp'] })).toEqual(['methods: expected each method once']);
    expect(problems({ registration: 'maybe' })).toEqual([
      'registration: expected "required", "offered" or "off"',
    ]);
    expect(problems({ reminderSkips: -1 })).toEqual(['reminderSkips: expected a whole number from 0 to 100']);
    expect(problems({ newMethodCoolingOffHours: 1.5 })).toEqual([
      'newMethodCoolingOffHours: expected a whole number from 0 to 720',
    ]);
    expect(problems({ newMethodCoolingOffHours: -1 })).toEqual([
      'newMethodCoolingOffHours: expected a whole number from 0 to 720',
    ]);
    expect(problems({ colour: 'blue' })).toHaveLength(1);
  });

  it('refuses requiring more kinds than it allows: a reset needs methods of different kinds', () => {
    expect(problems({ methods: ['totp'], required: 2 })).toEqual([
      'required: expected at most 1: only 1 kind(s) of method are allowed in recovery.methods, and a reset needs methods of different kinds',
    ]);
  });
});
