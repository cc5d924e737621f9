import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeFields } from '../support/solve-page-challenge.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// The ways back in, end to end over real HTTP: the portal's pages over the REAL account services,
// store, mail queue (mail folder) and sync worker, with the Microsoft 365 emulator behind them.

const OLD = 'Harbour-Lantern-73!';
const eve = `eve.expired@${TEST_TENANT_DOMAIN}`;
const rita = `rita.reset@${TEST_TENANT_DOMAIN}`;
const sam = `sam.suspended@${TEST_TENANT_DOMAIN}`;
const SUPPORT = 'Call the Contoso help desk on 0100 555 0199.';

/**
 * A tiny browser: keeps cookies, reads the CSRF token of the last page, solves the proof of work the
 * last page asks for (as its script would), never follows redirects.
 */
class Browser {
  readonly #cookies = new Map<string, string>();
  #csrf = '';
  #page = '';
  constructor(readonly base: string) {}

  async #fetch(
    path: string,
    init: RequestInit = {},
  ): Promise<{ status: number; html: string; location: string | null }> {
    const cookie = [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(`${this.base}${path}`, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '' || /max-age=0/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
    const html = await response.text();
    this.#csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? this.#csrf;
    this.#page = html;
    return { status: response.status, html, location: response.headers.get('location') };
  }

  get(path: string) {
    return this.#fetch(path);
  }

  async post(path: string, fields: Record<string, string>) {
    const challenge = await challengeFields(this.#page);
    return this.#fetch(path, {
      method: 'POST',
      headers: { origin: this.base, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: this.#csrf, ...challenge, ...fields }).toString(),
    });
  }

  has(cookie: string): boolean {
    return this.#cookies.has(cookie);
  }
}

/** The links the demo mail folder logged for mails to `to` (the mail queue sends in the background). */
function mailedLinks(t: TestPortal, to: string): string[] {
  return t.logs
    .map((line) => JSON.parse(line) as { msg?: string; to?: string; links?: string[] })
    .filter((entry) => entry.msg === 'mail written to the mail folder' && entry.to === to)
    .flatMap((entry) => entry.links ?? []);
}

/** The PATCHes Microsoft 365 received since `since` (the tests in this file run one at a time). */
function patchesSince(t: TestPortal, since: number) {
  return t.emulator
    .requests()
    .slice(since)
    .filter((request) => request.method === 'PATCH');
}

describe('getting back in through the portal pages', () => {
  let t: TestPortal;

  beforeAll(async () => {
    t = await startTestPortal({
      users: [
        { email: eve, password: OLD, displayName: 'Eve Expired', microsoft: { accountEnabled: false } },
        { email: rita, password: OLD, displayName: 'Rita Reset' },
        { email: sam, password: OLD, displayName: 'Sam Suspended', microsoft: { accountEnabled: false } },
      ],
      config: {
        organisation: { name: 'Contoso', supportText: SUPPORT, supportUrl: 'mailto:help@contoso.example' },
        // No SMTP: only the demo logs the mailed links, which these tests follow.
        demo: true,
      },
    });
    const db = t.portal.store.db;
    await db.updateTable('users').set({ status: 'expired' }).where('email', '=', eve).execute();
    await db.updateTable('users').set({ status: 'suspended' }).where('email', '=', sam).execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('expired: sign in, forced to choose a new password, Microsoft 365 gets it and unblocks in one PATCH', async () => {
    const next = 'Quartz-Tundra-Ferry-64';
    const browser = new Browser(t.url);
    await browser.get('/signin');
    const signedIn = await browser.post('/signin', { email: eve, currentPassword: OLD });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/signin/new-password');
    expect(browser.has('pg_session')).toBe(true);

    const form = await browser.get('/signin/new-password');
    expect(form.status).toBe(200);
    expect(form.html).toContain(eve);
    expect(form.html).toContain('id="new-password-requirements"');

    const before = t.emulator.requests().length;
    const posted = await browser.post('/signin/new-password', { newPassword: next, confirmPassword: next });
    expect(posted).toMatchObject({ status: 303, location: '/signin/done' });
    const done = await browser.get('/signin/done');
    expect(done.status).toBe(200);
    expect(done.html).toContain('Microsoft 365 now uses your new password and you can sign in again');
    expect(browser.has('pg_session')).toBe(false);
    expect(t.emulator.verifyPassword(t.tenantId, eve, next)).toBe(true);
    expect(t.emulator.getUser(t.tenantId, eve)?.accountEnabled).toBe(true);
    const patches = patchesSince(t, before);
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({
      accountEnabled: true,
      passwordProfile: { password: '[REDACTED]' },
    });

    // The session is spent, and the old password no longer gets one.
    expect((await browser.get('/signin/new-password')).status).toBe(401);
    await browser.get('/signin');
    expect((await browser.post('/signin', { email: eve, currentPassword: OLD })).status).toBe(401);
    for (const line of t.logs) expect(line).not.toContain(next);
  });

  it('forgotten: the same answer for anyone, a mailed link that works once, Microsoft 365 follows', async () => {
    const next = 'Lagoon-Saddle-Prism-27';
    const browser = new Browser(t.url);
    const answers: string[] = [];
    for (const email of [rita, `nobody@${TEST_TENANT_DOMAIN}`]) {
      await browser.get('/reset');
      expect(await browser.post('/reset', { email })).toMatchObject({
        status: 303,
        location: '/reset/verify',
      });
      // Rita registered no other way: the work mailbox serves her (recovery.workMailboxLink's default).
      const verify = await browser.get('/reset/verify');
      expect(verify.html).toContain('Send a link to my work mailbox');
      const answer = await browser.post('/reset/verify/send-link', {});
      expect(answer.status).toBe(200);
      answers.push(answer.html.replaceAll(/name="_csrf" value="[^"]*"/g, ''));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain(
      'If your account can be reset this way, we have sent a link to your work address.',
    );

    await expect.poll(() => mailedLinks(t, rita).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const link = mailedLinks(t, rita).find((candidate) => candidate.includes('/reset/confirm?token='));
    expect(link).toBeDefined();
    const url = new URL(link ?? '');
    expect(url.origin).toBe(t.url);
    const token = url.searchParams.get('token') ?? '';

    const form = await browser.get(`${url.pathname}${url.search}`);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`name="token" value="${token}"`);
    const posted = await browser.post('/reset/confirm', { token, newPassword: next, confirmPassword: next });
    expect(posted).toMatchObject({ status: 303, location: '/reset/done' });
    const done = await browser.get('/reset/done');
    expect(done.status).toBe(200);
    expect(done.html).toContain('Microsoft 365 now uses your new password and you can sign in again');
    expect(t.emulator.verifyPassword(t.tenantId, rita, next)).toBe(true);
    expect(t.emulator.getUser(t.tenantId, rita)?.accountEnabled).toBe(true);

    const again = await browser.get(`${url.pathname}${url.search}`);
    expect(again.status).toBe(410);
    expect(again.html).toContain('This link has expired or was already used');
    // The request log records paths only: the token never reaches it.
    const requestLines = t.logs.filter((line) => line.includes('"msg":"request"'));
    expect(requestLines.some((line) => line.includes('/reset/confirm'))).toBe(true);
    for (const line of requestLines) expect(line).not.toContain(token);
  });

  it('suspended: every door says to contact support, and nothing changes in Microsoft 365', async () => {
    const browser = new Browser(t.url);
    await browser.get('/signin');
    const signIn = await browser.post('/signin', { email: sam, currentPassword: OLD });
    expect(signIn.status).toBe(403);
    expect(signIn.html).toContain('Your account is suspended');
    expect(signIn.html).toContain(SUPPORT);
    expect(signIn.html).toContain('href="mailto:help@contoso.example"');

    await browser.get('/change');
    const change = await browser.post('/change', {
      email: sam,
      currentPassword: OLD,
      newPassword: 'Meadow-Falcon-Quiver-39',
      confirmPassword: 'Meadow-Falcon-Quiver-39',
    });
    expect(change.status).toBe(403);
    expect(change.html).toContain(SUPPORT);

    await browser.get('/reset');
    expect((await browser.post('/reset', { email: sam })).status).toBe(303);
    await browser.get('/reset/verify');
    const reset = await browser.post('/reset/verify/send-link', {});
    expect(reset.status).toBe(200);
    expect(reset.html).toContain('If your account can be reset this way');
    await expect
      .poll(() => t.logs.some((line) => line.includes(sam) && line.includes('mail written')), {
        timeout: 10_000,
      })
      .toBe(true);
    expect(mailedLinks(t, sam).filter((link) => link.includes('token='))).toEqual([]);

    const link = await browser.get('/reset/confirm?token=anything-at-all-0123456789');
    expect(link.status).toBe(410);
    expect(link.html).toContain(SUPPORT);
    expect(t.emulator.getUser(t.tenantId, sam)?.accountEnabled).toBe(false);
    expect(t.emulator.verifyPassword(t.tenantId, sam, OLD)).toBe(true);
  });
});
