import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditEventType } from '@passgate/core/events';
import { suspendUser, unsuspendUser } from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePasswordElsewhere } from '../support/change-password-elsewhere.js';
import { AUDIT_LOG_PERMISSIONS } from '../support/emulated-tenant.js';
import { latestAudit } from '../support/latest-audit.js';
import { decodeMail } from '../support/smtp-sink.js';
import { startTestPortal, type TestPortal, type TestUser } from '../support/start-portal.js';
import { createTestClock, type TestClock } from '../support/test-clock.js';
import { waitUntil } from '../support/wait-until.js';

// Drift detection blocked a person's Microsoft 365 sign-in (onDrift suspend) until their next password
// goes through the portal; the tenant's own expiry blocks nothing (onExpiry maintain). An admin's
// suspension and its lifting must not end that block: only a portal password does. The real emulator
// and worker; drift is caused as portal-drift.test.ts causes it, through another of Microsoft's doors.
const ORIGIN = { clientIp: '192.0.2.94', userAgent: 'vitest' };
const ADMIN = { type: 'admin', id: 'test' } as const;
const D = 'contoso.example';
const USERS: TestUser[] = [
  { email: `adele.vance@${D}`, password: 'Harbour-Lantern-73!', displayName: 'Adele Vance' },
  { email: `alex.wilber@${D}`, password: 'Copper-Meadow-58?', displayName: 'Alex Wilber' },
  { email: `megan.bowen@${D}`, password: 'Saffron-Harbor-64!', displayName: 'Megan Bowen' },
];
let t: TestPortal;
let clock: TestClock;
let closeEmulator: () => Promise<void>;

beforeAll(async () => {
  clock = createTestClock(new Date(Math.floor(Date.now() / 1000) * 1000).toISOString());
  const emulator = await startM365Emulator({ now: () => clock.now().getTime() });
  closeEmulator = () => emulator.close();
  t = await startTestPortal({
    emulator,
    now: clock.now,
    users: USERS,
    startBackground: false,
    tenant: { onDrift: 'suspend', onExpiry: 'maintain' },
    appPermissions: AUDIT_LOG_PERMISSIONS,
  });
  // The first look at every user reports nothing: what follows is judged against it.
  expect(await sweep()).toMatchObject({ drifts: 0 });
});
afterAll(async () => {
  await t.close();
  await closeEmulator();
});

async function sweep() {
  const result = await t.portal.scheduler.sweepDriftNow();
  if (result === null) throw new Error('the scheduler lease was not ours');
  return result;
}

/** Every job of the person has landed in Microsoft 365. */
async function jobsDone(email: string): Promise<void> {
  await waitUntil(async () => {
    const open = await t.portal.store.db
      .selectFrom('outbox_jobs')
      .select('id')
      .where('upn', '=', email)
      .where('status', 'in', ['queued', 'running'])
      .execute();
    return open.length === 0;
  });
}

/** The portal's status and Microsoft 365's accountEnabled, once the queue is empty. */
async function settled(email: string): Promise<{ status: string; enabled: boolean | undefined }> {
  await jobsDone(email);
  const row = await t.portal.store.db
    .selectFrom('users')
    .select('status')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return { status: row.status, enabled: t.emulator.getUser(t.tenantId, email)?.accountEnabled };
}

/** The changes of the person's latest user_unsuspended audit row. */
function unsuspendChanges(email: string): Promise<unknown> {
  return latestChanges(email, 'user_unsuspended');
}

/** The changes of the person's latest audit row of `type`. */
async function latestChanges(email: string, type: AuditEventType): Promise<unknown> {
  return (await latestAudit(t, email, type)).changes;
}

/** A helpdesk reset in the Microsoft 365 admin center; the sweep blocks the person's sign-in for it. */
async function driftBlock(email: string, password: string): Promise<void> {
  clock.advance(1_000);
  await changePasswordElsewhere(t.emulator, t.tenantId, email, {
    door: 'admin-center',
    by: `helpdesk@${D}`,
    password,
  });
  clock.advance(1_000);
  expect(await sweep()).toMatchObject({ drifts: 1 });
  expect(await settled(email)).toEqual({ status: 'expired', enabled: false });
}

async function changeInPortal(email: string, currentPassword: string, newPassword: string): Promise<void> {
  clock.advance(1_000);
  expect(
    await t.portal.accounts.changePassword({ email, currentPassword, newPassword, ...ORIGIN }),
  ).toMatchObject({ status: 'applied', microsoft365: true });
}

/** The mails sent to `to`, decoded: no SMTP is configured, so the sender writes them to the mail folder. */
async function mailsTo(to: string): Promise<string[]> {
  await t.portal.mailSender.runOnce();
  const dir = t.portal.mailDir;
  const files = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.eml'));
  const mails = await Promise.all(
    files.map(async (name) => decodeMail(await readFile(join(dir, name), 'utf8'))),
  );
  return mails.filter((mail) => mail.includes(`To: ${to}`));
}

const suspend = (email: string): Promise<void> => suspendUser(t.portal.adminDeps, email, clock.now(), ADMIN);
const unsuspend = (email: string): Promise<string> =>
  unsuspendUser(t.portal.adminDeps, email, clock.now(), ADMIN);

describe('unsuspendUser() after drift blocked sign-in (onDrift suspend, onExpiry maintain)', () => {
  it('restores the expiry and keeps Microsoft 365 sign-in blocked until a portal password lifts it', async () => {
    const email = `adele.vance@${D}`;
    await driftBlock(email, 'Orchard-Signal-47!');
    await suspend(email);
    expect(await settled(email)).toEqual({ status: 'suspended', enabled: false });

    expect(await unsuspend(email)).toBe('expired');
    expect(await settled(email)).toEqual({ status: 'expired', enabled: false });
    expect(await unsuspendChanges(email)).toEqual([
      { field: 'status', from: 'suspended', to: 'expired' },
      { field: 'accountEnabled', from: false, to: false },
    ]);

    // The block stands for the password only: the next one through the portal lifts it.
    await changeInPortal(email, 'Harbour-Lantern-73!', 'Harvest-Quill-39!');
    expect(await settled(email)).toEqual({ status: 'active', enabled: true });
  });

  it('re-enables sign-in when a portal password lifted the drift block before the suspension', async () => {
    const email = `alex.wilber@${D}`;
    await driftBlock(email, 'Lighthouse-Ember-52?');
    await changeInPortal(email, 'Copper-Meadow-58?', 'Pebble-Compass-72!');
    expect(await settled(email)).toEqual({ status: 'active', enabled: true });
    await suspend(email);
    expect(await settled(email)).toEqual({ status: 'suspended', enabled: false });

    expect(await unsuspend(email)).toBe('active');
    expect(await settled(email)).toEqual({ status: 'active', enabled: true });
    expect(await unsuspendChanges(email)).toEqual([
      { field: 'status', from: 'suspended', to: 'active' },
      { field: 'accountEnabled', from: false, to: true },
    ]);
  });
});

// Drift found while an admin's suspension stands is not forgotten when support lifts it: the person comes
// back as drift detection would have left them had they been active (expired, sign-in blocked), and the
// password someone set through Microsoft's other doors does not quietly work again.
describe('drift found while suspended (onDrift suspend, onExpiry maintain)', () => {
  it('is kept for the unsuspend: expired, Microsoft 365 sign-in still blocked until a portal password', async () => {
    const email = `megan.bowen@${D}`;
    await suspend(email);
    expect(await settled(email)).toEqual({ status: 'suspended', enabled: false });
    clock.advance(1_000);
    await changePasswordElsewhere(t.emulator, t.tenantId, email, {
      door: 'admin-center',
      by: `helpdesk@${D}`,
      password: 'Driftwood-Parcel-81?',
    });
    clock.advance(1_000);
    expect(await sweep()).toMatchObject({ drifts: 1 });
    expect(await settled(email)).toEqual({ status: 'suspended', enabled: false });
    expect(await latestChanges(email, 'user_password_expired')).toEqual([
      { field: 'statusBeforeSuspend', from: 'active', to: 'expired' },
      { field: 'accountEnabled', from: false, to: false },
    ]);
    expect(await latestChanges(email, 'user_password_drift')).toContainEqual({
      field: 'action',
      to: 'blocked',
    });
    // Told when it was found: someone changed their password in Microsoft 365.
    const mails = await t.portal.store.db
      .selectFrom('mail_queue')
      .select('kind')
      .where('to_address', '=', email)
      .execute();
    expect(mails.map((mail) => mail.kind)).toEqual(['drift_blocked']);
    // …but not sent to sign in or reset, which refuse them while suspended (ACCOUNT_SUSPENDED).
    const [notice, ...others] = await mailsTo(email);
    expect(others).toEqual([]);
    expect(notice).toContain('Your password was changed in Microsoft 365');
    expect(notice).toContain('Your account is suspended');
    expect(notice).toContain('When IT support lifts the suspension');
    expect(notice).toContain('signing in to Microsoft 365 stays blocked until you choose it');
    expect(notice).not.toContain(`${t.url}/signin`);
    expect(notice).not.toContain(`${t.url}/reset`);

    expect(await unsuspend(email)).toBe('expired');
    expect(await settled(email)).toEqual({ status: 'expired', enabled: false });
    expect(await unsuspendChanges(email)).toEqual([
      { field: 'status', from: 'suspended', to: 'expired' },
      { field: 'accountEnabled', from: false, to: false },
    ]);

    await changeInPortal(email, 'Saffron-Harbor-64!', 'Juniper-Kettle-36!');
    expect(await settled(email)).toEqual({ status: 'active', enabled: true });
    expect(t.emulator.verifyPassword(t.tenantId, email, 'Juniper-Kettle-36!')).toBe(true);
  });
});
