import { describe, expect, it } from 'vitest';
import { recoveryConfigSchema } from '../config/recovery-config-schema.js';
import type { RecoveryMethodView, RecoveryOverview } from './list-methods.js';
import { removalRefusal } from './removal-rule.js';

const at = new Date('2026-03-02T09:00:00Z');
const method = (id: string, kind: RecoveryMethodView['kind']): RecoveryMethodView => ({
  id,
  kind,
  label: id,
  email: null,
  createdAt: at,
  lastUsedAt: null,
  usableFrom: null,
});
const codes = (left: number): RecoveryOverview['recoveryCodes'] => ({
  left,
  total: 10,
  createdAt: at,
  usableFrom: null,
});
const one = recoveryConfigSchema.parse({ required: 1 });
const two = recoveryConfigSchema.parse({ required: 2 });

describe('removalRefusal()', () => {
  it('refuses removing the last method, whatever the policy requires', () => {
    const overview = { methods: [method('mail', 'personal_email')], recoveryCodes: null };
    expect(removalRefusal(overview, { methodId: 'mail' }, false, one)).toBe('LAST_METHOD');
    const codesOnly = { methods: [], recoveryCodes: codes(3) };
    expect(removalRefusal(codesOnly, 'recovery_codes', false, one)).toBe('LAST_METHOD');
  });

  it('allows removing one kind while enough kinds remain', () => {
    const overview = {
      methods: [method('mail', 'personal_email'), method('app', 'totp')],
      recoveryCodes: null,
    };
    expect(removalRefusal(overview, { methodId: 'app' }, false, one)).toBeNull();
  });

  it('refuses removing a kind when fewer kinds than required would remain (two required)', () => {
    const overview = {
      methods: [method('mail', 'personal_email'), method('app', 'totp')],
      recoveryCodes: null,
    };
    expect(removalRefusal(overview, { methodId: 'app' }, false, two)).toBe('METHODS_BELOW_REQUIRED');
    const three = { ...overview, recoveryCodes: codes(10) };
    expect(removalRefusal(three, { methodId: 'app' }, false, two)).toBeNull();
  });

  it('asks two of an admin even when the policy asks one', () => {
    const overview = {
      methods: [method('mail', 'personal_email'), method('app', 'totp')],
      recoveryCodes: null,
    };
    expect(removalRefusal(overview, { methodId: 'mail' }, true, one)).toBe('METHODS_BELOW_REQUIRED');
    expect(removalRefusal(overview, { methodId: 'mail' }, false, one)).toBeNull();
  });

  it('lets one of two passkeys go even below the requirement: the kinds left stay the same', () => {
    const overview = { methods: [method('key1', 'passkey'), method('key2', 'passkey')], recoveryCodes: null };
    expect(removalRefusal(overview, { methodId: 'key1' }, false, two)).toBeNull();
  });

  it('never refuses a method of a kind the policy no longer allows, and counts the work mailbox when it always counts', () => {
    const noApp = recoveryConfigSchema.parse({ methods: ['personal_email', 'recovery_codes'] });
    const overview = {
      methods: [method('mail', 'personal_email'), method('app', 'totp')],
      recoveryCodes: null,
    };
    expect(removalRefusal(overview, { methodId: 'app' }, false, noApp)).toBeNull();
    expect(removalRefusal(overview, { methodId: 'mail' }, false, noApp)).toBe('LAST_METHOD');
    const mailbox = recoveryConfigSchema.parse({ required: 2, workMailboxLink: 'always' });
    expect(removalRefusal(overview, { methodId: 'app' }, false, mailbox)).toBeNull();
  });

  it('says METHOD_NOT_FOUND for a method that is not there', () => {
    const overview = { methods: [method('mail', 'personal_email')], recoveryCodes: null };
    expect(removalRefusal(overview, { methodId: 'gone' }, false, one)).toBe('METHOD_NOT_FOUND');
    expect(removalRefusal(overview, 'recovery_codes', false, one)).toBe('METHOD_NOT_FOUND');
  });
});
