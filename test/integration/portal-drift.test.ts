import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { M365Client } from '@passgate/core/graph';
import {
  type M365Emulator,
  type OutsidePasswordChange,
  startM365Emulator,
} from '@passgate/test/m365-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changePasswordElsewhere } from '../support/change-password-elsewhere.js';
import { cliInProcess } from '../support/cli-in-process.js';
import { AUDIT_LOG_PERMISSIONS } from '../support/emulated-tenant.js';
import { decodeMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_SECRET_KEY, type TestPortal, type TestUser } from '../support/start-portal.js';
import { createTestClock, DAY, type TestClock } from '../support/test-clock.js';
import { waitUntil } from '../support/wait-until.js';

const ORIGIN = { clientIp: '192.0.2.80', userAgent: 'vitest' };
const ADMIN = 'it-security@contoso.example';
const D = 'contoso.example';
const USERS: TestUser[] = [
  { email: `adele.vance@${D}`, password: 'Harbour-Lantern-73!', displayName: 'Adele Vance' },
  { email: `alex.wilber@${D}`, password: 'Copper-Meadow-58?', displayName: 'Alex Wilber' },
  { email: `megan.bowen@${D}`, password: 'Quarry-Thistle-29#', displayName: 'Megan Bowen' },
  { email: `lee.gu@${D}`, password: 'Velvet-Orchard-91#', displayName: 'Lee Gu' },
  { email: `nestor.wilke@${D}`, password: 'Granite-Beacon-64$', displayName: 'Nestor Wilke' },
];
/** Passwords set through Microsoft's other doors: none may ever show in the portal's logs or audit rows. */
const OUTSIDE = ['Orchard-Signal-47!', 'Lighthouse-Ember-52?', 'Saffron-Kettle-38#', 'Juniper-Anvil-61$'];

interface DriftWorld {
  t: TestPortal;
  clock: TestClock;
  emulator: M365Emulator;
  sink: SmtpSink;
  close(): Promise<void>;
}

/** A portal whose clock is also the emulator's, frozen between steps: "the same second" is exact here. */
async function driftWorld(options: {
  tenant: { onDrift: 'report' | 'expire' | 'suspend'; onExpiry?: 'suspend' | 'maintain' };
  audit: boolean;
}): Promise<DriftWorld> {
  const clock = createTestClock(new Date(Math.floor(Date.now() / 1000) * 1000).toISOString());
  const emulator = await startM365Emulator({ now: () => clock.now().getTime() });
  const sink = await startSmtpSink();
  const t = await startTestPortal({
    emulator,
    now: clock.now,
    users: USERS,
    startBackground: false,
    tenant: options.tenant,
    appPermissions: options.audit ? AUDIT_LOG_PERMISSIONS : [],
    config: { mail: sink.mailConfig, alerts: { adminEmails: [ADMIN] } },
  });
  return {
    t,
    clock,
    emulator,
    sink,
    async close(): Promise<void> {
      await t.close();
      await emulator.close();
      await sink.stop();
    },
  };
}

async function sweep(w: DriftWorld) {
  const result = await w.t.portal.scheduler.sweepDriftNow();
  if (result === null) throw new Error('the scheduler lease was not ours');
  await w.t.portal.mailSender.runOnce();
  return result;
}

async function elsewhere(w: DriftWorld, email: string, change: OutsidePasswordChange) {
  return changePasswordElsewhere(w.emulator, w.t.tenantId, email, change);
}

async function driftEvents(w: DriftWorld, email?: string) {
  let query = w.t.portal.store.db
    .selectFrom('audit_events')
    .select(['username', 'body'])
    .where('event_type', '=', 'user_password_drift');
  if (email) query = query.where('username', '=', email);
  const rows = await query.orderBy('seq').execute();
  return rows.map(
    (row) => JSON.parse(row.body) as { initiated_by: unknown; changes: { field: string; to?: unknown }[] },
  );
}

function changeOf(event: { changes: { field: string; to?: unknown }[] }, field: string): unknown {
  return event.changes.find((c) => c.field === field)?.to;
}

async function status(w: DriftWorld, email: string): Promise<string> {
  const row = await w.t.portal.store.db
    .selectFrom('users')
    .select('status')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.status;
}

function mailsTo(w: DriftWorld, to: string): string[] {
  return w.sink.received.filter((m) => m.to.includes(to)).map((m) => decodeMail(m.raw));
}

async function jobsDone(w: DriftWorld, email: string): Promise<void> {
  await waitUntil(async () => {
    const open = await w.t.portal.store.db
      .selectFrom('outbox_jobs')
      .select('id')
      .where('upn', '=', email)
      .where('status', 'in', ['queued', 'running'])
      .execute();
    return open.length === 0;
  });
}

/** `passgate users show` in-process, against the test portal's database. */
async function usersShow(w: DriftWorld, email: string): Promise<string> {
  const tenant = w.t.config.tenants[0];
  if (tenant === undefined) throw new Error('no tenant in the test config');
  const { clientSecret, ...graph } = tenant.graph as { clientSecret: string };
  const dir = await mkdtemp(join(tmpdir(), 'passgate-drift-cli-'));
  const path = join(dir, 'passgate.json');
  await writeFile(
    path,
    JSON.stringify({
      publicUrl: w.t.url,
      database: w.t.databasePath,
      tenants: [{ name: 'contoso', domains: [D], graph }],
    }),
    { mode: 0o600 },
  );
  const result = await cliInProcess(['users', 'show', email, '--config', path], {
    PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: clientSecret,
  }).finally(() => rm(dir, { recursive: true, force: true }));
  expect(result.err).toBe('');
  expect(result.code).toBe(0);
  return result.out;
}

describe('drift detection, onDrift report, with the audit log readable', () => {
  let w: DriftWorld;
  beforeAll(async () => {
    w = await driftWorld({ tenant: { onDrift: 'report' }, audit: true });
  });
  afterAll(() => w.close());

  it('takes a first look at every user without reporting anything', async () => {
    expect(await sweep(w)).toMatchObject({ tenants: 1, users: 5, drifts: 0, waiting: 0 });
    expect(await driftEvents(w)).toEqual([]);
  });

  it("finds a change through each of Microsoft's doors in one sweep, says who and how, and tells the admins once", async () => {
    const doors: { email: string; change: OutsidePasswordChange; activity: string; by: unknown }[] = [
      {
        email: `adele.vance@${D}`,
        change: { door: 'admin-center', by: `helpdesk@${D}`, password: OUTSIDE[0] ?? '' },
        activity: 'Reset password (by admin)',
        by: { type: 'admin', email: `helpdesk@${D}` },
      },
      {
        email: `alex.wilber@${D}`,
        change: { door: 'self-service-reset', password: OUTSIDE[1] ?? '' },
        activity: 'Reset password (self-service)',
        by: { type: 'user', email: `alex.wilber@${D}` },
      },
      {
        email: `megan.bowen@${D}`,
        change: { door: 'self-service-change', password: OUTSIDE[2] ?? '' },
        activity: 'Change password (self-service)',
        by: { type: 'user', email: `megan.bowen@${D}` },
      },
      {
        email: `lee.gu@${D}`,
        change: {
          door: 'other-app',
          app: { appId: '0f0f0f0f-1111-4222-8333-444444444444', displayName: 'HR sync' },
          password: OUTSIDE[3] ?? '',
        },
        activity: 'Reset password',
        by: { type: 'system', id: 'HR sync (app 0f0f0f0f-1111-4222-8333-444444444444)' },
      },
    ];
    for (const door of doors) {
      w.clock.advance(1_000);
      await elsewhere(w, door.email, door.change);
    }
    w.clock.advance(1_000);
    expect(await sweep(w)).toMatchObject({ users: 5, drifts: 4, alerted: 4 });
    for (const door of doors) {
      const [event, ...more] = await driftEvents(w, door.email);
      expect(more).toEqual([]);
      expect(event?.initiated_by).toEqual(door.by);
      expect(changeOf(event ?? { changes: [] }, 'microsoft365Activity')).toBe(door.activity);
      expect(changeOf(event ?? { changes: [] }, 'action')).toBe('reported');
      // report changes nothing in the portal or in Microsoft 365.
      expect(await status(w, door.email)).toBe('active');
    }
    expect(await usersShow(w, `adele.vance@${D}`)).toMatch(
      /\n {2}drift: {13}changed in Microsoft 365 \S+Z "Reset password \(by admin\)" by helpdesk@contoso\.example; found \S+Z, reported$/,
    );
    const [alert, ...others] = mailsTo(w, ADMIN);
    expect(others).toEqual([]);
    for (const door of doors) expect(alert).toContain(door.email);
    expect(alert).toContain('Drift detection found 4 passwords changed in Microsoft 365');
    expect(alert).toContain('by helpdesk@contoso.example, "Reset password (by admin)"; reported only.');
    // report: the people are not mailed.
    expect(w.sink.received.filter((m) => !m.to.includes(ADMIN))).toEqual([]);

    // The same changes, seen again: nothing new is reported, nobody is mailed again.
    w.clock.advance(1_000);
    expect(await sweep(w)).toMatchObject({ drifts: 0, alerted: 0 });
    expect(await driftEvents(w)).toHaveLength(4);
    expect(mailsTo(w, ADMIN)).toHaveLength(1);
  });

  it("never reports the portal's own write, landing in the same second as the sweep; a change through another door in that very second is still caught", async () => {
    const email = `nestor.wilke@${D}`;
    w.clock.advance(1_000 + 400);
    const outcome = await w.t.portal.accounts.changePassword({
      email,
      currentPassword: 'Granite-Beacon-64$',
      newPassword: 'Mosaic-Harbour-83!',
      ...ORIGIN,
    });
    expect(outcome).toMatchObject({ status: 'applied', microsoft365: true });
    // Graph shows the write in whole seconds: the sweep runs in that same second, on the same clock.
    const lastChange = w.emulator.getUser(w.t.tenantId, email)?.lastPasswordChangeDateTime ?? '';
    expect(Date.parse(lastChange)).toBe(w.clock.now().getTime() - 400);
    expect(await sweep(w)).toMatchObject({ drifts: 0, waiting: 0 });
    expect(await driftEvents(w, email)).toEqual([]);

    // 50 ms later, still the same second: Graph's lastPasswordChangeDateTime cannot tell, the audit log can.
    w.clock.advance(50);
    await elsewhere(w, email, { door: 'self-service-change', password: 'Lantern-Quiver-26!' });
    expect(w.emulator.getUser(w.t.tenantId, email)?.lastPasswordChangeDateTime).toBe(lastChange);
    expect(await sweep(w)).toMatchObject({ drifts: 1 });
    const [event] = await driftEvents(w, email);
    expect(changeOf(event ?? { changes: [] }, 'microsoft365Activity')).toBe('Change password (self-service)');
  });

  it('does not judge a user whose password job is in flight while the sweep reads, and finds the write its own after', async () => {
    const email = `adele.vance@${D}`;
    const clients = w.t.portal.clients as Map<string, M365Client>;
    const real = clients.get('contoso');
    if (real === undefined) throw new Error('no contoso client');
    // The job's PATCH reaches Microsoft 365 for real; the worker is then held before it records it.
    let landed = false;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    clients.set('contoso', {
      ...real,
      async setPassword(upn, password, options): Promise<void> {
        await real.setPassword(upn, password, options);
        landed = true;
        await gate;
      },
    });
    try {
      w.clock.advance(2_000);
      const change = w.t.portal.accounts.changePassword({
        email,
        currentPassword: 'Harbour-Lantern-73!',
        newPassword: 'Cobalt-Meadow-45?',
        ...ORIGIN,
      });
      await waitUntil(() => landed);
      expect(w.emulator.verifyPassword(w.t.tenantId, email, 'Cobalt-Meadow-45?')).toBe(true);
      expect(await sweep(w)).toMatchObject({ drifts: 0, waiting: 1 });
      release();
      await change;
      await jobsDone(w, email);
    } finally {
      release();
      clients.set('contoso', real);
    }
    w.clock.advance(1_000);
    expect(await sweep(w)).toMatchObject({ drifts: 0, waiting: 0 });
    expect(await driftEvents(w, email)).toHaveLength(1);
  });

  it('says when the audit log was last read more than 7 days ago, and judges older changes by lastPasswordChangeDateTime', async () => {
    const email = `megan.bowen@${D}`;
    w.clock.advance(12 * 3_600_000);
    await elsewhere(w, email, { door: 'admin-center', by: `helpdesk@${D}`, password: 'Tundra-Falcon-17!' });
    // Eight days without a sweep: the audit record of that change is past Entra ID Free's 7 days.
    w.clock.advance(7 * DAY + 12 * 3_600_000);
    expect(
      w.emulator.directoryAudits(w.t.tenantId).some((r) => r.targetResources[0]?.userPrincipalName === email),
    ).toBe(false);
    expect(await sweep(w)).toMatchObject({ drifts: 1 });
    const events = await driftEvents(w, email);
    expect(events).toHaveLength(2);
    expect(events[1]?.initiated_by).toEqual({ type: 'system', id: 'microsoft-365' });
    expect(changeOf(events[1] ?? { changes: [] }, 'evidence')).toBe('lastPasswordChangeDateTime');
    const notes = w.t.logs
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((entry) => entry.msg.includes('last read more than 7 days ago'));
    expect(notes).toHaveLength(1);
    expect(notes[0]?.level).toBe(30);
  });

  it('keeps every password out of the logs and the audit rows', async () => {
    const audit = await w.t.portal.store.db.selectFrom('audit_events').select('body').execute();
    const hay = [w.t.logs.join('\n'), audit.map((a) => a.body).join('\n'), ...mailsTo(w, ADMIN)].join('\n');
    for (const password of [
      ...OUTSIDE,
      ...USERS.map((u) => u.password),
      'Mosaic-Harbour-83!',
      'Cobalt-Meadow-45?',
    ])
      expect(hay.includes(password)).toBe(false);
  });
});

describe('drift detection, onDrift expire, without AuditLog.Read.All', () => {
  let w: DriftWorld;
  beforeAll(async () => {
    w = await driftWorld({ tenant: { onDrift: 'expire', onExpiry: 'maintain' }, audit: false });
  });
  afterAll(() => w.close());

  it('falls back to lastPasswordChangeDateTime without error, saying so once at info', async () => {
    expect(await sweep(w)).toMatchObject({ users: 5, drifts: 0 });
    w.clock.advance(1_000);
    expect(await sweep(w)).toMatchObject({ users: 5, drifts: 0 });
    const entries = w.t.logs.map((line) => JSON.parse(line) as { level: number; msg: string });
    const said = entries.filter((e) => e.msg.includes('may not read the directory audit log'));
    expect(said.map((e) => e.level)).toEqual([30]);
    expect(entries.filter((e) => e.level >= 40 && /audit|drift/.test(e.msg))).toEqual([]);
  });

  it('expires the person and tells them; the next password through the portal ends it and is no drift', async () => {
    const email = `alex.wilber@${D}`;
    w.clock.advance(1_000);
    await elsewhere(w, email, { door: 'self-service-reset', password: 'Lighthouse-Ember-52?' });
    w.clock.advance(1_000);
    expect(await sweep(w)).toMatchObject({ drifts: 1 });
    expect(await status(w, email)).toBe('expired');
    const [event] = await driftEvents(w, email);
    expect(event?.initiated_by).toEqual({ type: 'system', id: 'microsoft-365' });
    expect(changeOf(event ?? { changes: [] }, 'action')).toBe('expired');
    // onExpiry maintain: expired in the portal, Microsoft 365 sign-in left as it is.
    expect(w.emulator.getUser(w.t.tenantId, email)?.accountEnabled).toBe(true);
    const [notice] = mailsTo(w, email);
    expect(notice).toContain('Your password was changed in Microsoft 365');
    expect(notice).toContain(`${w.t.url}/signin`);
    expect(notice).not.toContain('blocked');
    expect(mailsTo(w, ADMIN).join('\n')).toContain(`${email} (tenant contoso)`);

    const signIn = await w.t.portal.accounts.signIn({ email, password: 'Copper-Meadow-58?', ...ORIGIN });
    if (signIn.status !== 'must_change') throw new Error(`expected must_change, got ${signIn.status}`);
    w.clock.advance(1_000);
    expect(
      await w.t.portal.accounts.setPasswordWithSession({
        sessionToken: signIn.session.token,
        newPassword: 'Pebble-Compass-72!',
        ...ORIGIN,
      }),
    ).toMatchObject({ status: 'applied', microsoft365: true });
    expect(await status(w, email)).toBe('active');
    // In the same second the write landed, and with no audit log to settle it: the write's own times do.
    expect(await sweep(w)).toMatchObject({ drifts: 0 });
  });

  it('takes its own change for its own when a later one was refused by Microsoft 365', async () => {
    const email = `megan.bowen@${D}`;
    w.clock.advance(60_000);
    const change = (currentPassword: string, newPassword: string) =>
      w.t.portal.accounts.changePassword({ email, currentPassword, newPassword, ...ORIGIN });
    expect(await change('Quarry-Thistle-29#', 'Pebble-Compass-72!')).toMatchObject({
      status: 'applied',
      microsoft365: true,
    });
    w.clock.advance(10 * 60_000);
    // Passes the portal's policy; the emulated banned list refuses it: the job is sent and fails.
    expect(await change('Pebble-Compass-72!', 'Qwertz#Login9')).toMatchObject({
      status: 'refused',
      refusals: [{ code: 'PASSWORD_REJECTED_BY_MICROSOFT' }],
    });
    w.clock.advance(10 * 60_000);
    // Before, the refused job's times alone were compared with Microsoft 365's last change (the first).
    expect(await sweep(w)).toMatchObject({ drifts: 0 });
    expect(await status(w, email)).toBe('active');
  });
});

describe('drift detection, onDrift suspend', () => {
  let w: DriftWorld;
  beforeAll(async () => {
    w = await driftWorld({ tenant: { onDrift: 'suspend', onExpiry: 'maintain' }, audit: true });
  });
  afterAll(() => w.close());

  it('blocks Microsoft 365 sign-in until the next password goes through the portal, and tells the person', async () => {
    const email = `lee.gu@${D}`;
    expect(await sweep(w)).toMatchObject({ drifts: 0 });
    w.clock.advance(1_000);
    await elsewhere(w, email, { door: 'admin-center', by: `helpdesk@${D}`, password: 'Juniper-Anvil-61$' });
    w.clock.advance(1_000);
    expect(await sweep(w)).toMatchObject({ drifts: 1 });
    expect(await status(w, email)).toBe('expired');
    await waitUntil(() => w.emulator.getUser(w.t.tenantId, email)?.accountEnabled === false);
    const [notice] = mailsTo(w, email);
    expect(notice).toContain('signing in to Microsoft 365 is blocked until you choose it');
    expect(mailsTo(w, ADMIN).join('\n')).toContain('Microsoft 365 sign-in blocked');

    // A plain change with the portal password (not a way back in) lifts the block, though onExpiry is maintain.
    w.clock.advance(1_000);
    expect(
      await w.t.portal.accounts.changePassword({
        email,
        currentPassword: 'Velvet-Orchard-91#',
        newPassword: 'Harvest-Quill-39!',
        ...ORIGIN,
      }),
    ).toMatchObject({ status: 'applied', microsoft365: true });
    expect(w.emulator.getUser(w.t.tenantId, email)?.accountEnabled).toBe(true);
    expect(w.emulator.verifyPassword(w.t.tenantId, email, 'Harvest-Quill-39!')).toBe(true);
    expect(await status(w, email)).toBe('active');
    w.clock.advance(1_000);
    expect(await sweep(w)).toMatchObject({ drifts: 0 });
    expect(await driftEvents(w, email)).toHaveLength(1);
  });
});
