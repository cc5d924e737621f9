import { readAudit } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

const PASSWORD = 'Harbour-Lantern-73!';
const users = ['lou.locked', 'una.unlocked', 'ray.ratelimited', 'amy.account'].map((name) => ({
  email: `${name}@contoso.example`,
  password: PASSWORD,
}));
let t: TestPortal;

function change(email: string, currentPassword: string, clientIp: string) {
  return t.portal.accounts.changePassword({
    email,
    currentPassword,
    newPassword: 'Tidal-Compass-Ridge-88!',
    clientIp,
    userAgent: 'vitest',
  });
}
const codes = async (outcome: ReturnType<typeof change>): Promise<string[]> => {
  const settled = await outcome;
  return settled.status === 'refused' ? settled.refusals.map((r) => r.code) : [settled.status];
};

beforeAll(async () => {
  t = await startTestPortal({
    users,
    policy: { lockout: { maxAttempts: 3, durationSeconds: 300, resetCounterMinutes: 15 } },
    config: {
      rateLimits: { perAddress: { max: 6, windowSeconds: 900 }, perAccount: { max: 4, windowSeconds: 900 } },
      sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 20_000 },
    },
  });
});
afterAll(() => t.close());

describe('changePassword() lockout', () => {
  it('locks an account after maxAttempts wrong passwords, even against the right one', async () => {
    for (let i = 0; i < 3; i += 1)
      expect(await codes(change('lou.locked@contoso.example', 'wrong', `198.51.100.${i}`))).toEqual([
        'INVALID_CREDENTIALS',
      ]);
    expect(await codes(change('lou.locked@contoso.example', PASSWORD, '198.51.100.9'))).toEqual([
      'ACCOUNT_LOCKED',
    ]);
    const events: string[] = [];
    for await (const e of readAudit(t.portal.store.db, { username: 'lou.locked@contoso.example' }))
      events.push(e.event_type);
    expect(events).toContain('user_lockout');
  });

  it('locks an unknown e-mail the same way, so a lock reveals nothing', async () => {
    for (let i = 0; i < 3; i += 1) await change('ghost@contoso.example', 'wrong', `198.51.101.${i}`);
    expect(await codes(change('ghost@contoso.example', PASSWORD, '198.51.101.9'))).toEqual([
      'ACCOUNT_LOCKED',
    ]);
  });

  it('forgets earlier failures after a right password', async () => {
    await change('una.unlocked@contoso.example', 'wrong', '198.51.102.1');
    await change('una.unlocked@contoso.example', 'wrong', '198.51.102.2');
    expect(await codes(change('una.unlocked@contoso.example', PASSWORD, '198.51.102.3'))).toEqual([
      'applied',
    ]);
  });
});

describe('changePassword() rate limits', () => {
  it('limits attempts per client address, whatever the account', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 6; i += 1)
      expect(await codes(change(`someone${i}@contoso.example`, 'wrong', ip))).toEqual([
        'INVALID_CREDENTIALS',
      ]);
    expect(await codes(change('ray.ratelimited@contoso.example', PASSWORD, ip))).toEqual(['RATE_LIMITED']);
    expect(await codes(change('ray.ratelimited@contoso.example', PASSWORD, '203.0.113.8'))).toEqual([
      'applied',
    ]);
  });

  it('limits attempts per account, whatever the address', async () => {
    for (let i = 0; i < 4; i += 1)
      await codes(change('amy.account@contoso.example', 'wrong-but-not-locking', `203.0.114.${i}`)).catch(
        () => [],
      );
    expect(await codes(change('amy.account@contoso.example', PASSWORD, '203.0.114.99'))).toEqual([
      'RATE_LIMITED',
    ]);
  });
});
