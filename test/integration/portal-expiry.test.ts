import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { createTestClock, DAY } from '../support/test-clock.js';
import { waitUntil } from '../support/wait-until.js';

const ORIGIN = { clientIp: '192.0.2.61', userAgent: 'vitest' };
const OLD = 'Harbour-Lantern-73!';
const NEW = 'Quarry-Thistle-Beacon-29!';
const clock = createTestClock();
let t: TestPortal;

beforeAll(async () => {
  t = await startTestPortal({
    now: clock.now,
    policy: { maxAgeDays: 30, expiryWarningDays: 7 },
    users: [
      { email: 'eve.expiry@contoso.example', password: OLD, displayName: 'Eve Expiry' },
      { email: 'nora.never@contoso.example', password: OLD },
    ],
  });
});
afterAll(() => t.close());

describe('password expiry, end to end', () => {
  it('expires, blocks sign-in in Microsoft 365, and lets the old password set a new one that unblocks it in ONE PATCH', async () => {
    const email = 'eve.expiry@contoso.example';
    const { store, scheduler, accounts } = t.portal;
    await t.portal.scheduler.runOnce();
    expect((await userRow(email)).status).toBe('active');
    await store.db
      .updateTable('users')
      .set({ never_expires: 1 })
      .where('email', '=', 'nora.never@contoso.example')
      .execute();

    clock.advance(30 * DAY);
    const sweep = await scheduler.runOnce();
    expect(sweep).toMatchObject({ ran: true, expired: 1 });
    expect((await userRow(email)).status).toBe('expired');
    expect((await userRow('nora.never@contoso.example')).status).toBe('active');
    await waitUntil(() => t.emulator.getUser(t.tenantId, email)?.accountEnabled === false);

    expect(await accounts.signIn({ email, password: 'Wrong-Password-1!', ...ORIGIN })).toMatchObject({
      status: 'refused',
      refusals: [{ code: 'INVALID_CREDENTIALS' }],
    });
    const signIn = await accounts.signIn({ email, password: OLD, ...ORIGIN });
    if (signIn.status !== 'must_change') throw new Error(`expected must_change, got ${signIn.status}`);
    expect(await accounts.getSession(signIn.session.token)).toMatchObject({ email, purpose: 'set_password' });

    const before = t.emulator.requests().length;
    expect(
      await accounts.setPasswordWithSession({
        sessionToken: signIn.session.token,
        newPassword: NEW,
        ...ORIGIN,
      }),
    ).toMatchObject({ status: 'applied', microsoft365: true });
    const patches = t.emulator
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({
      accountEnabled: true,
      passwordProfile: { password: '[REDACTED]' },
    });
    expect(t.emulator.verifyPassword(t.tenantId, email, NEW)).toBe(true);
    expect(t.emulator.getUser(t.tenantId, email)?.accountEnabled).toBe(true);
    expect((await userRow(email)).status).toBe('active');
    // The session did its one job and is gone.
    expect(await accounts.getSession(signIn.session.token)).toBeNull();
    expect(await accounts.signIn({ email, password: NEW, ...ORIGIN })).toEqual({ status: 'ok' });

    const events = await store.db
      .selectFrom('audit_events')
      .select(['event_type', 'body'])
      .where('username', '=', email)
      .orderBy('seq')
      .execute();
    const types = events.map((e) => e.event_type);
    expect(types).toContain('user_password_expired');
    const provisions = events
      .filter((e) => e.event_type === 'user_update_provision')
      .map((e) => JSON.parse(e.body));
    expect(provisions.map((p) => p.changes)).toEqual([
      [{ field: 'accountEnabled', from: true, to: false }],
      [{ field: 'password' }, { field: 'accountEnabled', from: false, to: true }],
    ]);
  });

  it('keeps both passwords out of the logs, the audit rows and the database file', async () => {
    const { readFile } = await import('node:fs/promises');
    // No fallback to an empty buffer: a scan of a file that could not be read must fail, not pass.
    const files = await Promise.all([t.databasePath, `${t.databasePath}-wal`].map((f) => readFile(f)));
    const audit = await t.portal.store.db.selectFrom('audit_events').select('body').execute();
    const haystacks = [
      t.logs.join('\n'),
      audit.map((a) => a.body).join('\n'),
      ...files.map((f) => f.toString('latin1')),
    ];
    // The WAL may be empty: it is truncated after every round that wiped a sealed payload.
    for (const hay of haystacks.slice(0, 3)) expect(hay.length).toBeGreaterThan(0);
    for (const password of [OLD, NEW])
      for (const hay of haystacks) expect(hay.includes(password)).toBe(false);
  });
});

async function userRow(email: string) {
  return t.portal.store.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
}
