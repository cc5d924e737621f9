import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminClient,
  type AdminTestPortal,
  adminClient,
  signInAdmin,
  startAdminTestPortal,
  TEST_ADMIN,
  TEST_HELPDESK,
} from '../support/admin-sign-in.js';
import { findLeaks } from '../support/leak-scan.js';
import { linkToken, type ReceivedMail, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { DEFAULT_TEST_USERS } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

const D = 'contoso.example';
const PASSWORD = 'Harbour-Lantern-73!';
const ORIGIN = { userAgent: 'vitest' };
const LOCKED = `lou.locked@${D}`;
const SUSPEND = `sam.suspend@${D}`;
const SYNCED = `syd.synced@${D}`;
const SLOW = `sol.slow@${D}`;
const EXPIRE = `eve.expire@${D}`;
const NEW_PASSWORD = 'Quartz-Harvest-46&';

let t: AdminTestPortal;
let sink: SmtpSink;
let admin: AdminClient;
let helpdesk: AdminClient;
/** The portal's clock runs this far ahead of the real one (the re-authentication test moves it). */
let skewMs = 0;

async function userId(email: string): Promise<string> {
  const row = await t.portal.store.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The reset link's token in a mail, or null when the mail carries none. */
function mailedLink(mail: ReceivedMail): string | null {
  try {
    return linkToken(mail, '/reset/confirm');
  } catch {
    return null;
  }
}

/** The visible text of a page: tags dropped, entities that matter here decoded, spaces squeezed. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&amp;', '&')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replace(/\s+/g, ' ');
}

beforeAll(async () => {
  sink = await startSmtpSink();
  t = await startAdminTestPortal({
    users: [
      ...DEFAULT_TEST_USERS,
      { email: LOCKED, password: PASSWORD, displayName: 'Lou Locked' },
      { email: SUSPEND, password: PASSWORD, displayName: 'Sam Suspend' },
      {
        email: SYNCED,
        password: PASSWORD,
        displayName: 'Syd Synced',
        microsoft: { onPremisesSyncEnabled: true },
      },
      { email: SLOW, password: PASSWORD, displayName: 'Sol Slow' },
      { email: EXPIRE, password: PASSWORD, displayName: 'Eve Expire' },
    ],
    policy: { lockout: { maxAttempts: 3, durationSeconds: 900, resetCounterMinutes: 15 } },
    config: { mail: sink.mailConfig, organisation: { name: 'Contoso' } },
    now: () => new Date(Date.now() + skewMs),
  });
  admin = await signInAdmin(t.url, t.emulator, TEST_ADMIN.email);
  helpdesk = await signInAdmin(t.url, t.emulator, TEST_HELPDESK.email);
});
afterAll(async () => {
  await t?.close();
  await sink?.stop();
});

describe('admin console', () => {
  it('shows the overview: people by state, the sync queue, the tenant connection and the mail queue', async () => {
    const page = await helpdesk.get('/admin');
    expect(page.status).toBe(200);
    const words = text(page.html);
    expect(words).toContain('Needs a person');
    expect(words).toMatch(/Active \d+/);
    expect(words).toContain('Throttling pauses, last hour');
    expect(words).toContain('contoso');
    expect(words).toContain('Mail queue');
  });

  it('finds people by e-mail or name prefix, filters by state, and pages by e-mail without OFFSET', async () => {
    const byName = text((await helpdesk.get('/admin/users?q=sam')).html);
    expect(byName).toContain(SUSPEND);
    expect(byName).not.toContain(LOCKED);
    const byMail = text((await helpdesk.get('/admin/users?q=LOU.')).html);
    expect(byMail).toContain(LOCKED);
    const filtered = text((await helpdesk.get('/admin/users?state=suspended')).html);
    expect(filtered).toContain('No one matches');
    const tenant = text((await helpdesk.get('/admin/users?tenant=contoso')).html);
    expect(tenant).toContain(SUSPEND);
    expect(tenant).not.toContain('pat.local@portal-only.example');
    const after = text((await helpdesk.get(`/admin/users?after=${encodeURIComponent(LOCKED)}`)).html);
    expect(after).not.toContain(LOCKED);
    expect(after).toContain(SUSPEND);
    const bad = await helpdesk.get('/admin/users?state=gone');
    expect(bad.status).toBe(400);
  });

  // PostgreSQL refuses a NUL in a text parameter (SQLite stores it): before, a 500 there, and an export
  // that answered 200 and then broke off.
  it('refuses a NUL in a search or filter with 400 on every database, the exports included', async () => {
    for (const path of [
      '/admin/users?q=%00',
      '/admin/users?tenant=a%00',
      '/admin/users?after=a%00',
      '/admin/audit?user=a%00',
      '/admin/audit?initiator=%00',
      '/admin/audit/export.csv?user=%00',
      '/admin/audit/export.jsonl?initiator=a%00',
    ]) {
      const answer = await helpdesk.get(path);
      expect({ path, status: answer.status }).toEqual({ path, status: 400 });
    }
  });

  it('unlocks a locked person and sends a reset link, each audited with the admin and shown at once', async () => {
    for (let i = 0; i < 10; i++) {
      const answer = await t.portal.accounts.signIn({
        email: LOCKED,
        password: 'Wrong-Password-11!',
        clientIp: `192.0.2.${10 + i}`,
        ...ORIGIN,
      });
      if (answer.status === 'refused' && answer.refusals[0]?.code === 'ACCOUNT_LOCKED') break;
    }
    const id = await userId(LOCKED);
    const before = text((await helpdesk.get(`/admin/users/${id}`)).html);
    expect(before).toContain('Locked after too many wrong passwords');

    const unlocked = await helpdesk.post(`/admin/users/${id}/unlock`);
    expect(unlocked.status).toBe(303);
    const page = text((await helpdesk.get(unlocked.location ?? '')).html);
    expect(page).toContain('Unlocked: the person can sign in again.');
    expect(page).toContain('Not locked.');
    expect(page).toContain(`user_unlocked locked: true → false ${TEST_HELPDESK.email} (admin)`);
    expect(
      await t.portal.accounts.signIn({
        email: LOCKED,
        password: PASSWORD,
        clientIp: '192.0.2.99',
        ...ORIGIN,
      }),
    ).toEqual({
      status: 'ok',
    });

    const sent = await helpdesk.post(`/admin/users/${id}/reset-link`);
    expect(sent.status).toBe(303);
    await waitUntil(() => sink.received.some((mail) => mail.to[0] === LOCKED && mailedLink(mail) !== null));
    const after = text((await helpdesk.get(`/admin/users/${id}`)).html);
    expect(after).toContain(`user_password_reset_request resetLink ${TEST_HELPDESK.email} (admin)`);
  });

  it('suspends after a confirmation, Microsoft 365 blocks the account, and unsuspending lets the person back', async () => {
    const id = await userId(SUSPEND);
    const confirm = await admin.get(`/admin/users/${id}/suspend`);
    expect(confirm.status).toBe(200);
    expect(text(confirm.html)).toContain('Suspend this account?');
    const done = await admin.post(`/admin/users/${id}/suspend`);
    expect(done.status).toBe(303);
    await waitUntil(() => t.emulator.getUser(t.tenantId, SUSPEND)?.accountEnabled === false);
    const page = text((await admin.get(`/admin/users/${id}`)).html);
    expect(page).toContain('Suspended');
    expect(page).toContain(
      `user_suspended status: active → suspended; accountEnabled: true → false ${TEST_ADMIN.email} (admin)`,
    );

    expect((await admin.post(`/admin/users/${id}/unsuspend`)).status).toBe(303);
    await waitUntil(() => t.emulator.getUser(t.tenantId, SUSPEND)?.accountEnabled === true);
    expect(text((await admin.get(`/admin/users/${id}`)).html)).toContain('user_unsuspended');

    // Unsuspending again (a second tab, a reload of an old form): refused, with the state in words.
    const again = await admin.post(`/admin/users/${id}/unsuspend`);
    expect(again.status).toBe(409);
    expect(text(again.html)).toContain('That action does not apply to the account as it is now.');
    expect(text(again.html)).toContain('The account is now: Active.');
    expect(again.html).not.toContain('is not suspended');
  });

  it('asks an admin whose sign-in is older than five minutes to sign in again before suspending', async () => {
    const id = await userId(SUSPEND);
    skewMs = 6 * 60_000;
    try {
      const confirm = await admin.get(`/admin/users/${id}/suspend`);
      expect(confirm.status).toBe(303);
      expect(confirm.location).toBe(`/admin/reauth?next=${encodeURIComponent(`/admin/users/${id}/suspend`)}`);
      const asked = await admin.post(`/admin/users/${id}/suspend`);
      expect(asked.status).toBe(303);
      expect(asked.location).toMatch(/^\/admin\/reauth\?next=/);
      const row = await t.portal.store.db
        .selectFrom('users')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('active');
    } finally {
      skewMs = 0;
    }
  });

  it('refuses helpdesk what only an admin may do: suspend, never-expires, give up, the extension page', async () => {
    const id = await userId(SUSPEND);
    const page = text((await helpdesk.get(`/admin/users/${id}`)).html);
    expect(page).not.toContain('Suspend…');
    expect((await helpdesk.get(`/admin/users/${id}/suspend`)).status).toBe(403);
    expect((await helpdesk.post(`/admin/users/${id}/suspend`)).status).toBe(403);
    expect((await helpdesk.post(`/admin/users/${id}/never-expires`, { on: 'on' })).status).toBe(403);
    expect((await helpdesk.get('/admin/extension')).status).toBe(403);
    const row = await t.portal.store.db
      .selectFrom('users')
      .select(['status', 'never_expires'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'active', never_expires: 0 });
  });

  it('lets only an admin with a recent sign-in expire a password where the tenant suspends on expiry', async () => {
    const id = await userId(EXPIRE);
    // contoso's onExpiry is suspend: expiring blocks Microsoft 365 sign-in, as suspending does.
    const refused = await helpdesk.get(`/admin/users/${id}/expire`);
    expect(refused.status).toBe(403);
    expect(text(refused.html)).toContain(
      'expiring it blocks them like a suspension: only an admin may, after a recent sign-in',
    );
    expect((await helpdesk.post(`/admin/users/${id}/expire`)).status).toBe(403);
    skewMs = 6 * 60_000;
    try {
      const stale = await admin.post(`/admin/users/${id}/expire`);
      expect(stale.status).toBe(303);
      expect(stale.location).toMatch(/^\/admin\/reauth\?next=/);
    } finally {
      skewMs = 0;
    }
    const status = async (): Promise<string> =>
      (
        await t.portal.store.db
          .selectFrom('users')
          .select('status')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    expect(await status()).toBe('active');
    expect((await admin.get(`/admin/users/${id}/expire`)).status).toBe(200);
    const done = await admin.post(`/admin/users/${id}/expire`);
    expect(done.status).toBe(303);
    expect(await status()).toBe('expired');
    await waitUntil(() => t.emulator.getUser(t.tenantId, EXPIRE)?.accountEnabled === false);
  });

  it('lists a failed job with what to do, retries it, and gives up on one that keeps failing', async () => {
    // Microsoft 365 will not block a synced account's sign-in: the job fails for good.
    const synced = await userId(SYNCED);
    expect((await admin.post(`/admin/users/${synced}/suspend`)).status).toBe(303);
    await waitUntil(async () => {
      const job = await t.portal.store.db
        .selectFrom('outbox_jobs')
        .select('status')
        .where('user_id', '=', synced)
        .executeTakeFirst();
      return job?.status === 'failed';
    });
    const queue = text((await helpdesk.get('/admin/sync')).html);
    expect(queue).toContain(SYNCED);
    expect(queue).toContain('FEDERATED_OR_SYNCED');
    expect(queue).toContain('its password is changed there, not through the portal');
    const job = await t.portal.store.db
      .selectFrom('outbox_jobs')
      .select('id')
      .where('user_id', '=', synced)
      .executeTakeFirstOrThrow();
    const retried = await helpdesk.post(`/admin/sync/${job.id}/retry`);
    expect(retried.status).toBe(303);
    await waitUntil(async () => {
      const rows = await t.portal.store.db
        .selectFrom('outbox_jobs')
        .select('attempts')
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      return Number(rows.attempts) >= 2;
    });
    // A Referer no URL parser accepts (anyone can send one): the retry still answers, back to the queue.
    await waitUntil(async () => {
      const row = await t.portal.store.db
        .selectFrom('outbox_jobs')
        .select('status')
        .where('id', '=', job.id)
        .executeTakeFirstOrThrow();
      return row.status === 'failed';
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await helpdesk.get('/admin/sync')).html)?.[1] ?? '';
    const odd = await fetch(`${t.url}/admin/sync/${job.id}/retry`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams({ _csrf: csrf }).toString(),
      headers: {
        origin: t.url,
        referer: 'http://[not a host/admin/users',
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `pg_admin=${helpdesk.cookie('pg_admin')}; passgate-csrf=${helpdesk.cookie('passgate-csrf')}`,
      },
    });
    expect(odd.status).toBe(303);
    expect(odd.headers.get('location')).toBe('/admin/sync?done=retry');

    // Microsoft 365 down: the new password waits, retrying; the admin gives up on it.
    t.emulator.injectFaults({ kind: 'status', status: 503, count: 1000 });
    try {
      const outcome = await t.portal.accounts.changePassword({
        email: SLOW,
        currentPassword: PASSWORD,
        newPassword: NEW_PASSWORD,
        clientIp: '192.0.2.50',
        ...ORIGIN,
      });
      expect(outcome.status).toBe('queued');
      const slow = await userId(SLOW);
      const waiting = await t.portal.store.db
        .selectFrom('outbox_jobs')
        .select('id')
        .where('user_id', '=', slow)
        .executeTakeFirstOrThrow();
      await waitUntil(async () => text((await helpdesk.get('/admin/sync')).html).includes(SLOW));
      expect((await helpdesk.get(`/admin/sync/${waiting.id}/give-up`)).status).toBe(403);
      const confirm = (await admin.get(`/admin/sync/${waiting.id}/give-up`)).html;
      expect(text(confirm)).toContain('Give up on this job?');
      // The navigation marks where the admin is: the sync queue, not the users.
      expect(confirm).toMatch(/<a href="\/admin\/sync" aria-current="page">/);
      let given = await admin.post(`/admin/sync/${waiting.id}/give-up`);
      // The worker may hold the job for a moment: the console says so and nothing changes; ask again.
      for (let i = 0; i < 50 && given.status === 409; i++)
        given = await admin.post(`/admin/sync/${waiting.id}/give-up`);
      expect(given.status).toBe(303);
      const row = await t.portal.store.db
        .selectFrom('outbox_jobs')
        .select(['status', 'last_error', 'payload'])
        .where('id', '=', waiting.id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'failed', payload: null });
      expect(row.last_error).toMatch(/^GAVE_UP:/);
      const pending = await t.portal.store.db
        .selectFrom('pending_passwords')
        .select('job_id')
        .where('user_id', '=', slow)
        .execute();
      expect(pending).toEqual([]);
      expect(text((await admin.get(`/admin/users/${slow}`)).html)).toContain(
        `user_update syncJob: queued → given up ${TEST_ADMIN.email} (admin)`,
      );
      // The person, told "queued" a moment ago, hears that it did not happen and to change again.
      await waitUntil(() =>
        sink.received.some(
          (mail) => mail.to[0] === SLOW && mail.raw.includes('password did not reach Microsoft 365'),
        ),
      );
    } finally {
      t.emulator.clearFaults();
    }
    // Both sides keep the old password.
    expect(t.emulator.verifyPassword(t.tenantId, SLOW, PASSWORD)).toBe(true);
  });

  it('filters the audit log and exports the view as CSV and JSON lines', async () => {
    const filtered = text(
      (
        await helpdesk.get(
          `/admin/audit?initiator=${encodeURIComponent(TEST_ADMIN.email.toUpperCase())}&type=user_suspended`,
        )
      ).html,
    );
    expect(filtered).toContain(SUSPEND);
    expect(filtered).not.toContain(LOCKED);
    const byUser = text((await helpdesk.get(`/admin/audit?user=${encodeURIComponent(LOCKED)}`)).html);
    expect(byUser).toContain('user_unlocked');
    expect(byUser).not.toContain(SUSPEND);
    const future = text((await helpdesk.get('/admin/audit?from=2999-01-01')).html);
    expect(future).toContain('No events match');
    expect((await helpdesk.get('/admin/audit?from=yesterday')).status).toBe(400);

    const csv = await helpdesk.get(`/admin/audit/export.csv?user=${encodeURIComponent(LOCKED)}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="passgate-audit-.*\.csv"$/);
    const lines = csv.html.trim().split('\r\n');
    expect(lines[0]).toMatch(/^"id","event_type","timestamp",/);
    expect(lines.some((line) => line.includes(',"user_unlocked",'))).toBe(true);
    expect(lines.slice(1).every((line) => line.includes(LOCKED))).toBe(true);

    const jsonl = await helpdesk.get(`/admin/audit/export.jsonl?type=user_suspended`);
    const events = jsonl.html
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event_type: string });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.event_type === 'user_suspended')).toBe(true);
  });

  it('shows the extension page to an admin, saying how to pack it when it is not packed', async () => {
    const page = await admin.get('/admin/extension');
    expect(page.status).toBe(200);
    expect(text(page.html)).toContain('passgate extension pack');
    expect(
      (await admin.get('/admin/extension/download?browser=chrome&platform=windows&format=reg')).status,
    ).toBe(404);
  });

  it('sends anyone without a session to sign in, and never shows a password, hash, token or sealed payload', async () => {
    const stranger = adminClient(t.url, t.emulator);
    const id = await userId(SUSPEND);
    const answer = await stranger.get(`/admin/users/${id}`);
    expect(answer.status).toBe(302);
    expect(answer.location).toBe(`/admin/signin?next=${encodeURIComponent(`/admin/users/${id}`)}`);
    // Refused before any handler runs: no session (401), or no form token of this browser's (403).
    expect([401, 403]).toContain((await stranger.post(`/admin/users/${id}/unlock`)).status);

    const db = t.portal.store.db;
    const users = await db.selectFrom('users').select(['id', 'password_hash']).execute();
    const links = await db.selectFrom('link_tokens').select('token_hash').execute();
    const sessions = await db.selectFrom('admin_sessions').select('token_hash').execute();
    const mailed = sink.received.map(mailedLink).filter((token) => token !== null);
    const pages = [
      '/admin',
      '/admin/users',
      '/admin/sync',
      '/admin/audit',
      '/admin/extension',
      ...users.map((user) => `/admin/users/${user.id}`),
      '/admin/audit/export.csv',
      '/admin/audit/export.jsonl',
    ];
    const haystacks = [];
    for (const path of pages) haystacks.push({ name: path, text: (await admin.get(path)).html });
    const leaks = findLeaks(haystacks, {
      password: [...t.users.map((user) => user.password), PASSWORD, NEW_PASSWORD],
      'password hash': users.map((user) => user.password_hash).filter((hash) => hash !== ''),
      'link token hash': links.map((link) => link.token_hash),
      'mailed link token': mailed as string[],
      'admin session token hash': sessions.map((session) => session.token_hash),
      'admin session cookie': [
        admin.cookie('pg_admin') ?? 'missing-cookie',
        helpdesk.cookie('pg_admin') ?? 'missing-cookie',
      ],
      'OIDC client secret': [t.oidcClient.clientSecret],
    });
    expect(leaks).toEqual([]);
  });
});
