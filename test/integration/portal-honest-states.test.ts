import { addUser, expireUser, sendActivation, suspendUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormClient, formClient } from '../support/browser-like.js';
import { authenticatorCode, recoveryUser, registerAuthenticator } from '../support/recovery-methods.js';
import { linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// Issue 16, "Honest states": a locked account says it is locked and until when, a rate limit says it is a
// rate limit, a suspended account says so at every door, and /change takes an expired password the way
// /signin does. Real portal over HTTP, SQLite (PostgreSQL in the test-postgres project), the Microsoft 365
// emulator and SMTP.

const PASSWORD = 'Harbour-Lantern-73!';
const NEW = 'Tidal-Compass-Ridge-88!';
const at = (name: string): string => `${name}@${TEST_TENANT_DOMAIN}`;
const lou = at('lou.locked');
const ray = at('ray.ratelimited');
const sue = at('sue.suspended');
const sal = at('sal.suspended');
const lia = at('lia.suspended');
const pia = at('pia.pending');
const eve = at('eve.expired');
const lex = at('lex.locked');
const ADMIN = { type: 'admin', id: 'test' } as const;
const LOCK_MINUTES = 15;
const ACCOUNT_WINDOW = 12;

/** Every address a test types: none may appear in a URL the portal answers with. */
const ADDRESSES = [lou, lex, ray, sue, sal, lia, pia, eve, at('ghost')];

function noAddressIn(page: { html: string; location?: string | null }): void {
  for (const address of ADDRESSES) {
    expect(page.location ?? '').not.toContain(address);
    expect(page.location ?? '').not.toContain(encodeURIComponent(address));
    for (const [, href] of page.html.matchAll(/(?:href|action)="([^"]*)"/g)) {
      expect(href).not.toContain(address);
      expect(href).not.toContain(encodeURIComponent(address));
    }
  }
}

describe('honest states over the real portal', () => {
  let t: TestPortal;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [lou, lex, ray, sue, sal, lia, eve].map((email) => ({ email, password: PASSWORD })),
      policy: { lockout: { maxAttempts: 10, durationSeconds: LOCK_MINUTES * 60, resetCounterMinutes: 15 } },
      config: {
        mail: sink.mailConfig,
        rateLimits: {
          perAddress: { max: 1000, windowSeconds: 900 },
          perAccount: { max: ACCOUNT_WINDOW, windowSeconds: 900 },
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
    await sink?.stop();
  });

  const client = (): FormClient => formClient(t.url);

  async function signIn(browser: FormClient, email: string, password: string) {
    await browser.get('/signin');
    return browser.post('/signin', { email, currentPassword: password });
  }

  async function change(browser: FormClient, email: string, currentPassword: string) {
    await browser.get('/change');
    return browser.post('/change', { email, currentPassword, newPassword: NEW, confirmPassword: NEW });
  }

  describe('a locked account', () => {
    it('after 10 wrong passwords, answers the right one with the lock, until when, and a way to reset', async () => {
      const browser = client();
      const before = Date.now();
      for (let i = 0; i < 10; i += 1) {
        const wrong = await signIn(browser, lou, `Wrong-Guess-${i}-Password!`);
        expect(wrong.status).toBe(401);
        expect(wrong.html).toContain('The e-mail address or current password is not right.');
        expect(wrong.html).not.toContain('Your account is locked');
      }
      const after = Date.now();

      const locked = await signIn(browser, lou, PASSWORD);
      expect(locked.status).toBe(423);
      expect(locked.html).toContain('<h1>Your account is locked</h1>');
      expect(locked.html).toContain(`Your account is locked for ${LOCK_MINUTES} more minutes, until <time`);
      const datetime = /<time datetime="([^"]+)">[^<]*UTC<\/time>/.exec(locked.html)?.[1] ?? '';
      const until = Date.parse(datetime);
      expect(until).toBeGreaterThanOrEqual(before + LOCK_MINUTES * 60_000 - 1000);
      expect(until).toBeLessThanOrEqual(after + LOCK_MINUTES * 60_000 + 1000);
      // The way out: a form post to the reset, carrying the address in its body, never in a URL.
      expect(locked.html).toMatch(/<form[^>]*method="post"[^>]*action="\/reset\/prefill"/);
      expect(locked.html).toContain(`<input type="hidden" name="email" value="${lou}"/>`);
      expect(locked.html).toContain('Reset or unlock');
      expect(locked.html).not.toContain('too many attempts in a short time');
      noAddressIn(locked);

      const reset = await browser.post('/reset/prefill', { email: lou });
      expect(reset.status).toBe(200);
      expect(reset.html).toContain('<h1>Reset your password</h1>');
      expect(reset.html).toMatch(
        new RegExp(`<input[^>]*id="email"[^>]*value="${lou.replaceAll('.', '\\.')}"`),
      );
      noAddressIn(reset);
      // Filling in the form started nothing: no flow, so /reset/verify says there is none.
      expect((await browser.get('/reset/verify')).status).toBe(410);

      // /change, the other password door, names the same lock.
      const changed = await change(client(), lou, PASSWORD);
      expect(changed.status).toBe(423);
      expect(changed.html).toContain('<h1>Your account is locked</h1>');
      expect(changed.html).toMatch(/until <time datetime="[^"]+">/);
      noAddressIn(changed);
    });

    it('says at /reset, once a way back in is proven, until when the lock lasts beside the way to unlock it now', async () => {
      const key = await registerAuthenticator(t.portal, await recoveryUser(t.portal, lex), Date.now());
      const browser = client();
      for (let i = 0; i < 10; i += 1) await signIn(browser, lex, `Wrong-Guess-${i}-Password!`);
      await browser.get('/reset');
      expect(await browser.post('/reset', { email: lex })).toMatchObject({ location: '/reset/verify' });
      await browser.get('/reset/verify');
      const proved = await browser.post('/reset/verify', {
        factor: 'totp',
        code: authenticatorCode(key, Date.now()),
      });
      expect(proved.location).toBe('/reset/new-password');
      const last = await browser.get('/reset/new-password');
      expect(last.status).toBe(200);
      expect(last.html).toContain('Unlock my account');
      expect(last.html).toMatch(
        /Otherwise it stays locked for 1[45] more minutes, until <time datetime="[^"]+">/,
      );
    });

    it('locks an unknown address the same way, so the lock page tells nobody who has an account', async () => {
      const ghost = at('ghost');
      const browser = client();
      for (let i = 0; i < 10; i += 1) await signIn(browser, ghost, `Wrong-Guess-${i}-Password!`);
      const locked = await signIn(browser, ghost, PASSWORD);
      expect(locked.status).toBe(423);
      expect(locked.html).toContain(`Your account is locked for ${LOCK_MINUTES} more minutes, until <time`);
    });
  });

  it('answers a rate-limited address with the rate wording, not the lock', async () => {
    // Right passwords, each from a browser that has proven nothing yet (a proven one counts on its own):
    // nothing counts toward the lock, only the account's window fills.
    for (let i = 0; i < ACCOUNT_WINDOW; i += 1)
      expect((await signIn(client(), ray, PASSWORD)).status).toBe(200);
    const limited = await signIn(client(), ray, PASSWORD);
    expect(limited.status).toBe(429);
    // The account's own window, named as such, and when it has room again (900 s from the first attempt).
    const ACCOUNT_WORDS =
      /Too many passwords were typed for this e-mail address in a short time\. You can try again in 1[45] minutes\./;
    expect(limited.html).toMatch(ACCOUNT_WORDS);
    expect(limited.html).not.toContain('Your account is locked');
    const changed = await change(client(), ray, PASSWORD);
    expect(changed.status).toBe(429);
    expect(changed.html).toMatch(ACCOUNT_WORDS);
    expect(changed.html).not.toContain('Your account is locked');
  });

  describe('a suspended account says so at every door', () => {
    const SUSPENDED = 'Your account is suspended, so its password cannot be changed or reset here.';

    it('/signin and /change, once the password is right (a wrong one keeps the neutral words)', async () => {
      await suspendUser(t.portal.adminDeps, sue, new Date(), ADMIN);
      const signedIn = await signIn(client(), sue, PASSWORD);
      expect(signedIn.status).toBe(403);
      expect(signedIn.html).toContain(SUSPENDED);
      const changed = await change(client(), sue, PASSWORD);
      expect(changed.status).toBe(403);
      expect(changed.html).toContain(SUSPENDED);
      const guessed = await signIn(client(), sue, 'Not-Her-Password-1!');
      expect(guessed.status).toBe(401);
      expect(guessed.html).not.toContain('suspended,');
    });

    it('/reset, once a way back in is proven', async () => {
      const key = await registerAuthenticator(t.portal, await recoveryUser(t.portal, sal), Date.now());
      await suspendUser(t.portal.adminDeps, sal, new Date(), ADMIN);
      const browser = client();
      await browser.get('/reset');
      expect(await browser.post('/reset', { email: sal })).toMatchObject({ location: '/reset/verify' });
      await browser.get('/reset/verify');
      const proved = await browser.post('/reset/verify', {
        factor: 'totp',
        code: authenticatorCode(key, Date.now()),
      });
      expect(proved.location).toBe('/reset/new-password');
      const last = await browser.get('/reset/new-password');
      expect(last.status).toBe(403);
      expect(last.html).toContain('<h1>Your account is suspended</h1>');
      expect(last.html).toContain(SUSPENDED);
    });

    it('the reset link and the activation link', async () => {
      await t.portal.accounts.requestReset({ email: lia, clientIp: '192.0.2.7', userAgent: 'vitest' });
      await addUser(
        t.portal.store.db,
        { email: pia, displayName: 'Pia Pending', password: null },
        new Date(),
      );
      await sendActivation(t.portal.adminDeps, pia, new Date(), ADMIN);
      const mailTo = (email: string, path: string) =>
        sink.received.find((mail) => mail.to.includes(email) && mail.raw.includes(path));
      await waitUntil(
        () => mailTo(lia, '/reset/confirm') !== undefined && mailTo(pia, '/activate') !== undefined,
      );
      const resetMail = mailTo(lia, '/reset/confirm');
      const welcome = mailTo(pia, '/activate');
      if (resetMail === undefined || welcome === undefined) throw new Error('a link mail is missing');
      const resetToken = linkToken(resetMail, '/reset/confirm');
      const activationToken = linkToken(welcome, '/activate');
      await suspendUser(t.portal.adminDeps, lia, new Date(), ADMIN);
      await suspendUser(t.portal.adminDeps, pia, new Date(), ADMIN);

      for (const path of [`/reset/confirm?token=${resetToken}`, `/activate?token=${activationToken}`]) {
        const page = await client().get(path);
        expect(page.status).toBe(403);
        expect(page.html).toContain('<h1>Your account is suspended</h1>');
        expect(page.html).toContain(SUSPENDED);
      }
      // A link that is not live still gets the one neutral page.
      const unknown = await client().get('/activate?token=Not-A-Live-Token-0123456789abcdefghij');
      expect(unknown.status).toBe(410);
      expect(unknown.html).not.toContain('<h1>Your account is suspended</h1>');
    });
  });

  describe('an expired password has one door, explained', () => {
    it('/signin tells the person that /change takes the expired password too', async () => {
      const page = await client().get('/signin');
      expect(page.html).toMatch(/<a href="\/change">Know your expired password/);
    });

    it('/change takes an expired password like /signin does: the new one is set and Microsoft 365 lets the person in', async () => {
      await expireUser(t.portal.adminDeps, eve, new Date(), ADMIN);
      await waitUntil(() => t.emulator.getUser(t.tenantId, eve)?.accountEnabled === false);
      const browser = client();
      const changed = await change(browser, eve, PASSWORD);
      expect(changed).toMatchObject({ status: 303, location: '/change/done' });
      const done = await browser.get('/change/done');
      expect(done.status).toBe(200);
      expect(done.html).toContain('Microsoft 365');
      const user = await t.portal.store.db
        .selectFrom('users')
        .select('status')
        .where('email', '=', eve)
        .executeTakeFirstOrThrow();
      expect(user.status).toBe('active');
      expect(t.emulator.verifyPassword(t.tenantId, eve, NEW)).toBe(true);
      expect(t.emulator.getUser(t.tenantId, eve)?.accountEnabled).toBe(true);
    });
  });
});
