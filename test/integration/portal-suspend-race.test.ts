import { type ChangeOutcome, expireUser, suspendUser, unsuspendUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

const ORIGIN = { clientIp: '192.0.2.91', userAgent: 'vitest' };
const ADMIN = { type: 'admin', id: 'test' } as const;
const OLD = 'Harbour-Lantern-73!';
const NEW = 'Quarry-Thistle-Beacon-29!';
// The portal's own transaction that accepts a new password (the one a suspension must not slip past).
const ACCEPTING = /[/\\]accept-password\.ts:/;
let t: TestPortal;
let sink: SmtpSink;

/**
 * Commits an admin's suspension of `email` at the worst moment: after the flow has checked the account
 * (and paid for argon2) but right before it opens the transaction that accepts the new password. The
 * wrapper only delays the portal's own call; the suspension is the real admin action on the same database.
 */
function suspendBeforeAccepting(email: string): void {
  const { db } = t.portal.store;
  const original = db.transaction.bind(db);
  const restore = (): void => {
    Reflect.deleteProperty(db, 'transaction');
  };
  Object.defineProperty(db, 'transaction', {
    configurable: true,
    value: (): ReturnType<typeof original> => {
      const caller = new Error().stack?.split('\n')[2] ?? '';
      if (!ACCEPTING.test(caller)) return original();
      restore();
      const builder = original();
      return new Proxy(builder, {
        get(target, key, receiver): unknown {
          if (key !== 'execute') return Reflect.get(target, key, receiver);
          return async (fn: Parameters<typeof builder.execute>[0]) => {
            await suspendUser(t.portal.adminDeps, email, new Date(), ADMIN);
            return target.execute(fn);
          };
        },
      });
    },
  });
}

async function drainOutbox(): Promise<void> {
  while ((await t.portal.worker.runOnce()) > 0);
}

async function expectSuspendedEverywhere(email: string, outcome: ChangeOutcome): Promise<void> {
  await drainOutbox();
  const { db } = t.portal.store;
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
  expect(user.status).toBe('suspended');
  expect(
    await db.selectFrom('pending_passwords').selectAll().where('user_id', '=', user.id).execute(),
  ).toEqual([]);
  // Microsoft 365 ends as the admin left it: blocked, and still on the old password.
  expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(false);
  expect(t.emulator.verifyPassword(t.tenantId, email, OLD)).toBe(true);
  expect(t.emulator.verifyPassword(t.tenantId, email, NEW)).toBe(false);
  expect(outcome).toMatchObject({ status: 'refused', refusals: [{ code: 'ACCOUNT_SUSPENDED' }] });
}

async function expireAndBlock(email: string): Promise<void> {
  await expireUser(t.portal.adminDeps, email, new Date(), ADMIN);
  await drainOutbox();
  expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(false);
}

beforeAll(async () => {
  sink = await startSmtpSink();
  // No background worker: the test drives the outbox, so the only transactions are the flow's and the admin's.
  t = await startTestPortal({
    startWorker: false,
    users: ['rita.reset', 'eve.session', 'cal.change', 'ed.both'].map((name) => ({
      email: `${name}@contoso.example`,
      password: OLD,
    })),
    config: { mail: sink.mailConfig, sync: { pollIntervalMs: 100, leaseSeconds: 60, changeWaitMs: 0 } },
  });
});
afterAll(async () => {
  await t.close();
  await sink.stop();
});

describe('a suspension committed while a new password is being accepted', () => {
  it('refuses a reset link and leaves Microsoft 365 blocked', async () => {
    const email = 'rita.reset@contoso.example';
    await t.portal.accounts.requestReset({ email, ...ORIGIN });
    await t.portal.mailSender.runOnce();
    await waitUntil(() => sink.received.some((m) => m.to[0] === email));
    const mail = sink.received.find((m) => m.to[0] === email);
    if (mail === undefined) throw new Error('no reset mail');
    const token = linkToken(mail, '/reset/confirm');
    expect(await t.portal.accounts.getLink(token, 'reset')).not.toBeNull();

    suspendBeforeAccepting(email);
    const outcome = await t.portal.accounts.setPasswordWithLink({
      token,
      purpose: 'reset',
      newPassword: NEW,
      ...ORIGIN,
    });
    await expectSuspendedEverywhere(email, outcome);
  });

  it('refuses the forced change of an expired sign-in and leaves Microsoft 365 blocked', async () => {
    const email = 'eve.session@contoso.example';
    await expireAndBlock(email);
    const signIn = await t.portal.accounts.signIn({ email, password: OLD, ...ORIGIN });
    if (signIn.status !== 'must_change') throw new Error(`expected must_change, got ${signIn.status}`);

    suspendBeforeAccepting(email);
    const outcome = await t.portal.accounts.setPasswordWithSession({
      sessionToken: signIn.session.token,
      newPassword: NEW,
      ...ORIGIN,
    });
    await expectSuspendedEverywhere(email, outcome);
  });

  it('refuses the change of an expired password and leaves Microsoft 365 blocked', async () => {
    const email = 'cal.change@contoso.example';
    await expireAndBlock(email);

    suspendBeforeAccepting(email);
    const outcome = await t.portal.accounts.changePassword({
      email,
      currentPassword: OLD,
      newPassword: NEW,
      ...ORIGIN,
    });
    await expectSuspendedEverywhere(email, outcome);
  });
});

describe('a suspension and an expiry by two admins at once', () => {
  it('remembers the status in force when the suspension committed: lifting it never undoes the expiry', async () => {
    const email = 'ed.both@contoso.example';
    const [expiring, suspending] = await Promise.allSettled([
      expireUser(t.portal.adminDeps, email, new Date(), ADMIN),
      suspendUser(t.portal.adminDeps, email, new Date(), { type: 'admin', id: 'another' }),
    ]);
    expect(suspending.status).toBe('fulfilled');
    // Either came first. An expiry that came second found the account suspended and was refused.
    const expired = expiring.status === 'fulfilled' && expiring.value;
    const row = await t.portal.store.db
      .selectFrom('users')
      .select(['status', 'status_before_suspend'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    // Before, the suspension kept the status it read before its transaction: 'active', the expiry lost.
    expect(row).toEqual({ status: 'suspended', status_before_suspend: expired ? 'expired' : 'active' });
    expect(await unsuspendUser(t.portal.adminDeps, email, new Date(), ADMIN)).toBe(
      expired ? 'expired' : 'active',
    );
    await drainOutbox();
    // Expired where the tenant suspends on expiry: Microsoft 365 sign-in stays blocked until a new password.
    expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(!expired);
  });
});
