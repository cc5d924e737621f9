import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminTestPortal,
  signInAdmin,
  startAdminTestPortal,
  TEST_ADMIN,
  TEST_HELPDESK,
} from '../support/admin-sign-in.js';
import { createTestClock, MINUTE } from '../support/test-clock.js';

// The portal's clock starts at the real time: the identity provider's ID tokens carry real times.
const clock = createTestClock(new Date().toISOString());
let t: AdminTestPortal;

beforeAll(async () => {
  t = await startAdminTestPortal({ now: clock.now, startBackground: false });
});
afterAll(async () => {
  await t?.close();
});

async function liveSessions(): Promise<number> {
  return (await t.portal.store.db.selectFrom('admin_sessions').select('id').execute()).length;
}

describe('admin console sessions', () => {
  it('ends a session unused for the idle limit (30 minutes), and keeps one that is used', async () => {
    const browser = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
    clock.advance(29 * MINUTE);
    expect((await browser.get('/admin')).status).toBe(200);
    clock.advance(29 * MINUTE);
    expect((await browser.get('/admin')).status).toBe(200);
    clock.advance(30 * MINUTE);
    const after = await browser.get('/admin');
    expect(after.status).toBe(302);
    expect(after.location).toBe('/admin/signin?next=%2Fadmin');
    expect(browser.cookie('pg_admin')).toBeUndefined();
  });

  it('ends a session at the absolute limit (8 hours) however busy it is', async () => {
    const browser = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
    for (let step = 0; step < 16; step += 1) {
      clock.advance(29 * MINUTE);
      expect((await browser.get('/admin')).status).toBe(200);
    }
    // 16 × 29 min = 7 h 44 min, never idle for 30; 17 minutes more pass 8 hours.
    clock.advance(17 * MINUTE);
    const after = await browser.get('/admin');
    expect(after.status).toBe(302);
  });

  it('signs out with a POST carrying the CSRF token: the session row is gone and the cookie opens nothing', async () => {
    const browser = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
    const token = browser.cookie('pg_admin');
    expect((await browser.get('/admin')).status).toBe(200);
    const sessionsBefore = await liveSessions();
    const out = await browser.post('/admin/signout');
    expect(out.status).toBe(303);
    expect(out.location).toBe('/admin/signed-out');
    expect(await liveSessions()).toBe(sessionsBefore - 1);
    // The old cookie, replayed by a copy of the browser, opens nothing.
    const again = await fetch(`${t.url}/admin`, {
      redirect: 'manual',
      headers: { cookie: `pg_admin=${token}` },
    });
    expect(again.status).toBe(302);
    const audit = await t.portal.store.db
      .selectFrom('audit_events')
      .select('body')
      .where('event_type', '=', 'admin_logout')
      .execute();
    expect(audit.map((row) => JSON.parse(row.body).initiated_by)).toContainEqual({
      type: 'admin',
      id: expect.any(String),
      email: TEST_ADMIN.email,
    });
  });

  it('refuses a sign-out without the CSRF token and keeps the session', async () => {
    const browser = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
    const forged = await fetch(`${t.url}/admin/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: `pg_admin=${browser.cookie('pg_admin')}`,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(forged.status).toBe(403);
    expect((await browser.get('/admin')).status).toBe(200);
  });

  it('takes the role away on the next request when the e-mail is removed from admins', async () => {
    const browser = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
    expect((await browser.get('/admin')).html).toContain('role admin');
    const admin = t.portal.config.admin;
    const saved = [...admin.admins];
    admin.admins.splice(0, admin.admins.length);
    try {
      const after = await browser.get('/admin');
      expect(after.status).toBe(302);
      expect(after.location).toBe('/admin/signin?next=%2Fadmin');
    } finally {
      admin.admins.push(...saved);
    }
    // Moved to helpdesk instead: the next page shows the lesser role.
    const second = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
    admin.admins.splice(0, admin.admins.length);
    admin.helpdesk.push(TEST_ADMIN.email);
    try {
      expect((await second.get('/admin')).html).toContain('role helpdesk');
    } finally {
      admin.helpdesk.pop();
      admin.admins.push(...saved);
    }
  });

  it('re-authenticates at the identity provider with max_age=0 and prompt=login, and records the new auth_time', async () => {
    const browser = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
    const before = await t.portal.store.db.selectFrom('admin_sessions').select(['id', 'auth_time']).execute();
    // A plain sign-in again would be answered by the provider's own session, with no page.
    t.emulator.advanceClock(2_000);
    const answer = await browser.signIn(TEST_ADMIN.email, '/admin/reauth?next=%2Fadmin');
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/admin');
    const asked = t.emulator.oidc.authorizeRequests().at(-1);
    expect(asked).toMatchObject({ maxAge: '0', prompt: 'login', showedPage: true });
    const after = await t.portal.store.db.selectFrom('admin_sessions').select(['id', 'auth_time']).execute();
    const fresh = after.find((row) => !before.some((old) => old.id === row.id));
    expect(Number(fresh?.auth_time)).toBeGreaterThan(Math.max(...before.map((row) => Number(row.auth_time))));
    expect((await browser.get('/admin')).status).toBe(200);
  });

  it('sends a helpdesk sign-in with a live provider session straight back without a page', async () => {
    const browser = await signInAdmin(t.url, t.emulator, TEST_HELPDESK.email);
    browser.clearPortalCookies();
    const again = await browser.signIn(TEST_HELPDESK.email);
    expect(again.status).toBe(303);
    expect(t.emulator.oidc.authorizeRequests().at(-1)).toMatchObject({ showedPage: false, prompt: null });
  });
});
