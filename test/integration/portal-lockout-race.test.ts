import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

const PASSWORD = 'Harbour-Lantern-73!';
const users = ['sid.signin', 'cam.change'].map((name) => ({
  email: `${name}@contoso.example`,
  password: PASSWORD,
}));
let clock = Date.parse('2026-03-02T09:00:00Z');
let t: TestPortal;

function signIn(email: string, password: string, clientIp: string) {
  return t.portal.accounts.signIn({ email, password, clientIp, userAgent: 'vitest' });
}
function change(email: string, currentPassword: string, clientIp: string) {
  return t.portal.accounts.changePassword({
    email,
    currentPassword,
    newPassword: 'Tidal-Compass-Ridge-88!',
    clientIp,
    userAgent: 'vitest',
  });
}
async function codes(outcome: ReturnType<typeof signIn> | ReturnType<typeof change>): Promise<string[]> {
  const settled = await outcome;
  return settled.status === 'refused' ? settled.refusals.map((r) => r.code) : [settled.status];
}
/** Five wrong passwords at once: all pass the lock check before any finishes hashing, the third locks. */
async function wrongInParallel(
  attempt: (ip: string) => ReturnType<typeof signIn> | ReturnType<typeof change>,
) {
  const answers = await Promise.all([0, 1, 2, 3, 4].map((i) => codes(attempt(`198.51.100.${i}`))));
  for (const answer of answers) expect(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']).toContain(answer[0]);
}

beforeAll(async () => {
  t = await startTestPortal({
    users,
    now: () => new Date(clock),
    policy: { lockout: { maxAttempts: 3, durationSeconds: 300, resetCounterMinutes: 15 } },
    config: {
      rateLimits: {
        perAddress: { max: 50, windowSeconds: 900 },
        perAccount: { max: 50, windowSeconds: 900 },
      },
      sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 20_000 },
    },
  });
});
afterAll(() => t.close());

describe('lockout under parallel wrong passwords', () => {
  it('keeps a sign-in lock when failures that started before it finish after it', async () => {
    await wrongInParallel((ip) => signIn('sid.signin@contoso.example', 'wrong', ip));
    expect(await codes(signIn('sid.signin@contoso.example', PASSWORD, '198.51.100.9'))).toEqual([
      'ACCOUNT_LOCKED',
    ]);
    clock += 299_000;
    expect(await codes(signIn('sid.signin@contoso.example', PASSWORD, '198.51.100.9'))).toEqual([
      'ACCOUNT_LOCKED',
    ]);
    clock += 1_000;
    expect(await codes(signIn('sid.signin@contoso.example', PASSWORD, '198.51.100.9'))).toEqual(['ok']);
  });

  it('keeps a change-form lock when failures that started before it finish after it', async () => {
    await wrongInParallel((ip) => change('cam.change@contoso.example', 'wrong', ip));
    expect(await codes(change('cam.change@contoso.example', PASSWORD, '198.51.100.9'))).toEqual([
      'ACCOUNT_LOCKED',
    ]);
    clock += 300_000;
    expect(await codes(change('cam.change@contoso.example', PASSWORD, '198.51.100.9'))).toEqual(['applied']);
  });
});
