import type { AuditEventType } from '@passgate/core/events';
import { expireUser, suspendUser, unsuspendUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestAudit } from '../support/latest-audit.js';
import { linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// An expired person renews their password while Microsoft 365 is slow (the change waits in the queue),
// and an admin suspends them before it lands. The suspension blocks sign-in while it lasts; it does not
// undo the renewal. Whatever the order of the admin's actions and the jobs landing, once the queue is
// empty the portal and Microsoft 365 agree: active and allowed to sign in, or blocked. The tenant
// suspends on expiry (the default). The test drives the worker one claim round at a time; each person
// has their own jobs, so a round lands exactly one job of theirs, in their order.
const ORIGIN = { clientIp: '192.0.2.93', userAgent: 'vitest' };
const ADMIN = { type: 'admin', id: 'test' } as const;
const OLD = 'Harbour-Lantern-73!';
const NEW = 'Quarry-Thistle-Beacon-29!';
const NAMES = ['ann', 'bob', 'cai', 'dee', 'eli', 'fay'];
let t: TestPortal;

beforeAll(async () => {
  // No background worker: the test says when each job lands. changeWaitMs 0: the renewal answers "queued".
  t = await startTestPortal({
    startWorker: false,
    users: NAMES.map((name) => ({ email: `${name}.renewal@contoso.example`, password: OLD })),
    config: { sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 0 } },
  });
});
afterAll(() => t.close());

const emailOf = (name: string): string => `${name}.renewal@contoso.example`;

async function drain(): Promise<void> {
  while ((await t.portal.worker.runOnce()) > 0);
}

/** One claim round: the person's next job lands in Microsoft 365. */
async function landNext(): Promise<void> {
  expect(await t.portal.worker.runOnce()).toBe(1);
}

async function userRow(email: string): Promise<{ status: string; status_before_suspend: string | null }> {
  return t.portal.store.db
    .selectFrom('users')
    .select(['status', 'status_before_suspend'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}

/** The person's latest audit row of `type`: its correlation id and changes. */
async function latest(
  email: string,
  type: AuditEventType,
): Promise<{ correlation: string; changes: unknown }> {
  const event = await latestAudit(t, email, type);
  return { correlation: event.correlation.id, changes: event.changes };
}

/** Expired (blocked in Microsoft 365), then renewed at sign-in: the new password waits in the queue. */
async function expireAndRenew(email: string): Promise<void> {
  await expireUser(t.portal.adminDeps, email, new Date(), ADMIN);
  await drain();
  expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(false);
  const signIn = await t.portal.accounts.signIn({ ...ORIGIN, email, password: OLD });
  if (signIn.status !== 'must_change') throw new Error(`expected must_change, got ${signIn.status}`);
  const renewed = await t.portal.accounts.setPasswordWithSession({
    ...ORIGIN,
    sessionToken: signIn.session.token,
    newPassword: NEW,
  });
  expect(renewed).toMatchObject({ status: 'queued' });
}

/** Once the queue is empty: Microsoft 365 has the renewed password and lets the person in exactly when active. */
async function expectEnd(email: string, status: 'active' | 'suspended'): Promise<void> {
  await drain();
  expect(t.emulator.verifyPassword(t.tenantId, email, NEW)).toBe(true);
  const enabled = t.emulator.getUser(t.tenantId, email)?.accountEnabled;
  expect({ status: (await userRow(email)).status, enabled }).toEqual({
    status,
    enabled: status === 'active',
  });
}

const suspend = (email: string): Promise<void> => suspendUser(t.portal.adminDeps, email, new Date(), ADMIN);
const unsuspend = (email: string): Promise<string> =>
  unsuspendUser(t.portal.adminDeps, email, new Date(), ADMIN);

describe('an expired person’s renewal and a suspension', () => {
  it('landing while suspended: lifting the suspension makes them active and lets them sign in', async () => {
    const email = emailOf('ann');
    await expireAndRenew(email);
    await suspend(email);
    await drain(); // the renewal, then the suspension's disable
    expect(await userRow(email)).toEqual({ status: 'suspended', status_before_suspend: 'active' });
    // Said where it happened: the renewal's row, not only the user's row.
    expect((await latest(email, 'user_password_change')).changes).toEqual([
      { field: 'password' },
      { field: 'statusBeforeSuspend', from: 'expired', to: 'active' },
    ]);
    await expectEnd(email, 'suspended');
    expect(await unsuspend(email)).toBe('active');
    await expectEnd(email, 'active');
  });

  it('landing after the suspension was lifted, its disable still queued: active, sign-in allowed', async () => {
    const email = emailOf('bob');
    await expireAndRenew(email);
    await suspend(email);
    // Lifted before the renewal landed: still expired, and blocked until the renewal lands.
    expect(await unsuspend(email)).toBe('expired');
    await landNext(); // the renewal; the suspension's disable lands after it
    expect((await userRow(email)).status).toBe('active');
    // The worker queued an enable behind that disable: the renewal's row says so, and the enable's own
    // row, once it lands, carries the renewal's correlation id.
    const renewal = await latest(email, 'user_password_change');
    expect(renewal.changes).toEqual([
      { field: 'password' },
      { field: 'status', from: 'expired', to: 'active' },
      { field: 'accountEnabled', to: true },
    ]);
    await expectEnd(email, 'active');
    expect(await latest(email, 'user_update_provision')).toEqual({
      correlation: renewal.correlation,
      changes: [{ field: 'accountEnabled', from: false, to: true }],
    });
  });

  it('landing while suspended, lifted before the disable lands: active, sign-in allowed', async () => {
    const email = emailOf('cai');
    await expireAndRenew(email);
    await suspend(email);
    await landNext(); // the renewal
    expect(await unsuspend(email)).toBe('active');
    await expectEnd(email, 'active');
  });

  it('suspended again after it landed, before the first disable: blocked until lifted', async () => {
    const email = emailOf('dee');
    await expireAndRenew(email);
    await suspend(email);
    expect(await unsuspend(email)).toBe('expired');
    await landNext(); // the renewal
    await suspend(email);
    await expectEnd(email, 'suspended');
    expect(await unsuspend(email)).toBe('active');
    await expectEnd(email, 'active');
  });

  it('suspended, lifted and suspended again before it landed: blocked until lifted', async () => {
    const email = emailOf('eli');
    await expireAndRenew(email);
    await suspend(email);
    expect(await unsuspend(email)).toBe('expired');
    await suspend(email);
    await expectEnd(email, 'suspended');
    expect(await userRow(email)).toEqual({ status: 'suspended', status_before_suspend: 'active' });
    expect(await unsuspend(email)).toBe('active');
    await expectEnd(email, 'active');
  });

  it('lifted before it landed, expired again once active: expired and blocked', async () => {
    const email = emailOf('fay');
    await expireAndRenew(email);
    await suspend(email);
    expect(await unsuspend(email)).toBe('expired');
    await landNext(); // the renewal: active again
    // The admin expires the password before the suspension's disable has landed.
    expect(await expireUser(t.portal.adminDeps, email, new Date(), ADMIN)).toBe(true);
    await drain();
    expect((await userRow(email)).status).toBe('expired');
    expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(false);
  });
});

// An active person sets a new password with a reset link (a way back in: it would end an expiry) while
// Microsoft 365 is slow, and an admin then expires them, in a tenant whose expiry blocks no sign-in
// (onExpiry maintain: no disable job records the expiry). The expiry is the newer decision: the password
// landing later does not end it, whatever suspensions come and go meanwhile.
describe('a reset accepted before an admin expired the person (onExpiry maintain)', () => {
  const MAINTAINED = ['gus', 'hal', 'ida'].map((name) => `${name}.maintained@contoso.example`);
  let m: TestPortal;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    m = await startTestPortal({
      startWorker: false,
      startBackground: false,
      tenant: { onExpiry: 'maintain' },
      users: MAINTAINED.map((email) => ({ email, password: OLD })),
      config: { mail: sink.mailConfig, sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 0 } },
    });
  });
  afterAll(async () => {
    await m.close();
    await sink.stop();
  });

  const status = async (email: string) =>
    m.portal.store.db
      .selectFrom('users')
      .select(['status', 'status_before_suspend'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

  /** The reset link's password waits in the queue; then, a moment later, the admin expires the person. */
  async function resetThenExpire(email: string): Promise<void> {
    const before = sink.received.length;
    await m.portal.accounts.requestReset({ email, ...ORIGIN });
    await m.portal.mailSender.runOnce();
    const mail = () => sink.received.slice(before).find((received) => received.to[0] === email);
    await waitUntil(() => mail() !== undefined);
    const received = mail();
    if (received === undefined) throw new Error('no reset mail');
    const token = linkToken(received, '/reset/confirm');
    const set = await m.portal.accounts.setPasswordWithLink({
      token,
      purpose: 'reset',
      newPassword: NEW,
      ...ORIGIN,
    });
    expect(set).toMatchObject({ status: 'queued' });
    // A later millisecond: the expiry comes after the password was accepted.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await expireUser(m.portal.adminDeps, email, new Date(), ADMIN)).toBe(true);
  }

  /** Once the queue is empty: Microsoft 365 has the new password, sign-in allowed (maintain), still expired. */
  async function expectExpired(email: string): Promise<void> {
    while ((await m.portal.worker.runOnce()) > 0);
    expect(m.emulator.verifyPassword(m.tenantId, email, NEW)).toBe(true);
    expect(m.emulator.getUser(m.tenantId, email)?.accountEnabled).toBe(true);
    expect(await status(email)).toEqual({ status: 'expired', status_before_suspend: null });
  }

  it('landing while suspended: lifting the suspension restores the expiry', async () => {
    const [email = ''] = MAINTAINED;
    await resetThenExpire(email);
    await suspendUser(m.portal.adminDeps, email, new Date(), ADMIN);
    expect(await m.portal.worker.runOnce()).toBe(1); // the password
    expect(await status(email)).toEqual({ status: 'suspended', status_before_suspend: 'expired' });
    expect(await unsuspendUser(m.portal.adminDeps, email, new Date(), ADMIN)).toBe('expired');
    await expectExpired(email);
  });

  it('landing after the suspension was lifted: still expired', async () => {
    const email = MAINTAINED[1] ?? '';
    await resetThenExpire(email);
    await suspendUser(m.portal.adminDeps, email, new Date(), ADMIN);
    expect(await unsuspendUser(m.portal.adminDeps, email, new Date(), ADMIN)).toBe('expired');
    await expectExpired(email);
  });

  it('landing with no suspension: still expired', async () => {
    const email = MAINTAINED[2] ?? '';
    await resetThenExpire(email);
    await expectExpired(email);
  });
});
