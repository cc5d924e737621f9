import { expireUser } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FormClient, formClient } from '../support/browser-like.js';
import { authenticatorCode, recoveryUser, registerAuthenticator } from '../support/recovery-methods.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// Issue 16, what was left of "journeys that end somewhere" and "honest states": security info's sign-in
// names a lock as /signin does, a rate limit says which limit and for how long, the reset journey offers
// the way back to Microsoft, and the history rule is shown only to someone who has a history. Real portal
// over HTTP, SQLite (PostgreSQL in the test-postgres project) and the Microsoft 365 emulator.

const PASSWORD = 'Harbour-Lantern-73!';
const at = (name: string): string => `${name}@${TEST_TENANT_DOMAIN}`;
const ada = at('ada.account');
const eli = at('eli.expired');
const rex = at('rex.reset');
const rob = at('rob.reset');
const eva = at('eva.expired');
const ADMIN = { type: 'admin', id: 'test' } as const;
const LOCK_MINUTES = 15;

describe('the states left over the real portal', () => {
  let t: TestPortal;

  beforeAll(async () => {
    t = await startTestPortal({
      users: [ada, eli, rex, rob, eva].map((email) => ({ email, password: PASSWORD })),
      policy: {
        historyCount: 5,
        lockout: { maxAttempts: 10, durationSeconds: LOCK_MINUTES * 60, resetCounterMinutes: 15 },
      },
      config: {
        rateLimits: {
          perAddress: { max: 1000, windowSeconds: 900 },
          perAccount: { max: 1000, windowSeconds: 900 },
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const client = (): FormClient => formClient(t.url);

  describe('security info sign-in (/account/signin)', () => {
    it('answers a locked account with the lock page: locked, until when, and the reset that unlocks it', async () => {
      const browser = client();
      for (let i = 0; i < 10; i += 1) {
        await browser.get('/account');
        const wrong = await browser.post('/account/signin', {
          email: ada,
          currentPassword: `Wrong-Guess-${i}-Password!`,
        });
        expect(wrong.status).toBe(401);
      }
      await browser.get('/account');
      const locked = await browser.post('/account/signin', { email: ada, currentPassword: PASSWORD });
      expect(locked.status).toBe(423);
      expect(locked.html).toContain('<h1>Your account is locked</h1>');
      expect(locked.html).toContain(`Your account is locked for ${LOCK_MINUTES} more minutes, until <time`);
      expect(locked.html).toContain('Reset or unlock');
      expect(locked.html).toMatch(/<form[^>]*method="post"[^>]*action="\/reset\/prefill"/);
      // Not the old line above the form, which said neither until when nor how to get out.
      expect(locked.html).not.toContain('Try again in');
      // The page links to the other doors, not to the one the person is on.
      expect(locked.html).not.toContain('<a href="/account">');
      expect(locked.html).toContain('<a href="/signin">');
    });

    it('answers an unknown address with the same lock page, so it tells nobody who has an account', async () => {
      const ghost = at('ghost.account');
      const browser = client();
      for (let i = 0; i < 10; i += 1) {
        await browser.get('/account');
        await browser.post('/account/signin', {
          email: ghost,
          currentPassword: `Wrong-Guess-${i}-Password!`,
        });
      }
      await browser.get('/account');
      const locked = await browser.post('/account/signin', { email: ghost, currentPassword: PASSWORD });
      expect(locked.status).toBe(423);
      expect(locked.html).toContain('<h1>Your account is locked</h1>');
      expect(locked.html).toContain(`Your account is locked for ${LOCK_MINUTES} more minutes, until <time`);
    });
  });

  describe('the history rule', () => {
    it('names only the passwords a person has: none before identification is assumed, one after', async () => {
      // Before anyone is identified (/change), the page cannot know whose history it is: the policy's rule.
      const change = await client().get('/change');
      expect(change.html).toContain('Not one of your last 5 passwords');

      // An expired renewal of someone whose only password is the current one: "last 5" would be about
      // passwords they never had.
      await expireUser(t.portal.adminDeps, eli, new Date(), ADMIN);
      const browser = client();
      await browser.get('/signin');
      const signedIn = await browser.post('/signin', { email: eli, currentPassword: PASSWORD });
      expect(signedIn.location).toBe('/signin/new-password');
      const renewal = await browser.get('/signin/new-password');
      expect(renewal.status).toBe(200);
      expect(renewal.html).toContain('Not your last password');
      expect(renewal.html).not.toContain('Not one of your last 5 passwords');
    });
  });

  describe('"Back to where you were" after several steps', () => {
    const MY_ACCOUNT = 'https://myaccount.microsoft.com/';
    /** Microsoft's self-service reset page, as the extension sends it here, with its return address. */
    const SSPR = `https://passwordreset.microsoftonline.com/?ru=${encodeURIComponent(`${MY_ACCOUNT}?ref=x`)}`;
    const NEXT = 'Copper-Kettle-Meadow-41!';

    async function resetFrom(email: string, from: string): Promise<{ html: string; locations: string[] }> {
      const key = await registerAuthenticator(t.portal, await recoveryUser(t.portal, email), Date.now());
      const browser = client();
      const locations: string[] = [];
      const start = await browser.get(`/reset?from=${from}`);
      expect(start.html).toContain('name="from"');
      const started = await browser.post('/reset', { email, from });
      locations.push(started.location ?? '');
      await browser.get('/reset/verify');
      const proved = await browser.post('/reset/verify', {
        factor: 'totp',
        code: authenticatorCode(key, Date.now()),
      });
      locations.push(proved.location ?? '');
      await browser.get('/reset/new-password');
      const set = await browser.post('/reset/new-password', { newPassword: NEXT, confirmPassword: NEXT });
      locations.push(set.location ?? '');
      const done = await browser.get('/reset/done');
      expect(done.status).toBe(200);
      // A reload shows the same page: the way back is part of the outcome, not used up by the first view.
      expect((await browser.get('/reset/done')).html).toBe(done.html);
      return { html: done.html, locations };
    }

    it('the reset journey begun from Microsoft leads back to Microsoft’s own return address', async () => {
      const { html, locations } = await resetFrom(rex, SSPR);
      expect(locations).toEqual(['/reset/verify', '/reset/new-password', '/reset/done']);
      expect(html).toContain(
        `<a class="button button--secondary" href="${MY_ACCOUNT}">Back to where you were</a>`,
      );
      // Only the landing page, path only: not Microsoft's query, not the reset page itself.
      expect(html).not.toContain('ref=x');
      expect(html).not.toContain('href="https://passwordreset.microsoftonline.com');
    });

    it('offers no way back to an address that is not a Microsoft landing page', async () => {
      const from = `https://passwordreset.microsoftonline.com/?ru=${encodeURIComponent('https://evil.example/')}`;
      const { html, locations } = await resetFrom(rob, from);
      expect(locations.at(-1)).toBe('/reset/done');
      expect(html).not.toContain('Back to where you were');
      expect(html).not.toContain('evil.example');
    });

    it('the expired renewal begun at /signin?from= ends with the way back', async () => {
      await expireUser(t.portal.adminDeps, eva, new Date(), ADMIN);
      const browser = client();
      const from = `https://account.activedirectory.windowsazure.com/ChangePassword.aspx?ru=${encodeURIComponent('https://www.office.com/?auth=2')}`;
      const page = await browser.get(`/signin?from=${encodeURIComponent(from)}`);
      expect(page.html).toContain('name="from"');
      const signedIn = await browser.post('/signin', { email: eva, currentPassword: PASSWORD, from });
      expect(signedIn.location).toBe('/signin/new-password');
      await browser.get('/signin/new-password');
      const set = await browser.post('/signin/new-password', { newPassword: NEXT, confirmPassword: NEXT });
      expect(set.location).toBe('/signin/done');
      const done = await browser.get('/signin/done');
      expect(done.html).toContain(
        '<a class="button button--secondary" href="https://www.office.com/">Back to where you were</a>',
      );
      expect(done.html).not.toContain('auth=2');
    });
  });
});

describe('rate limits that say which limit and for how long', () => {
  let t: TestPortal;

  beforeAll(async () => {
    t = await startTestPortal({
      users: [{ email: ada, password: PASSWORD }],
      config: {
        rateLimits: {
          perAddress: { max: 3, windowSeconds: 600 },
          perAccount: { max: 1000, windowSeconds: 900 },
          resetPerAddress: { max: 2, windowSeconds: 1200 },
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('names the network’s password window and its end, in the person’s language, and leaves resets their own count', async () => {
    const browser = formClient(t.url);
    for (let i = 0; i < 3; i += 1) {
      await browser.get('/signin');
      // Different addresses, known or not: the client address's window fills all the same.
      const answer = await browser.post('/signin', {
        email: at(`guess${i}`),
        currentPassword: `Wrong-${i}-Guess!`,
      });
      expect(answer.status).toBe(401);
    }
    await browser.get('/signin');
    const limited = await browser.post('/signin', { email: ada, currentPassword: PASSWORD });
    expect(limited.status).toBe(429);
    expect(limited.html).toMatch(
      /Too many passwords were typed from your network in a short time\. You can try again in (10|9) minutes\./,
    );
    expect(limited.html).not.toContain('a few minutes');
    expect(limited.html).not.toContain('for this e-mail address');

    // The same refusal in German, with the German plural.
    const german = formClient(t.url, { headers: { 'accept-language': 'de' } });
    await german.get('/change');
    const changed = await german.post('/change', {
      email: ada,
      currentPassword: PASSWORD,
      newPassword: 'Copper-Kettle-Meadow-41!',
      confirmPassword: 'Copper-Kettle-Meadow-41!',
    });
    expect(changed.status).toBe(429);
    expect(changed.html).toMatch(
      /Aus Ihrem Netzwerk wurden in kurzer Zeit zu viele Kennwörter eingegeben\. Sie können es in (10|9) Minuten erneut versuchen\./,
    );

    // Resets have their own window: the full password window does not stop them, and theirs names itself.
    for (let i = 0; i < 2; i += 1) {
      await browser.get('/reset');
      expect((await browser.post('/reset', { email: at(`reset${i}`) })).location).toBe('/reset/verify');
    }
    await browser.get('/reset');
    const resets = await browser.post('/reset', { email: ada });
    expect(resets.status).toBe(429);
    expect(resets.html).toMatch(
      /Too many resets were started from your network in a short time\. You can start one again in (20|19) minutes\./,
    );
  });
});

describe('a limit counted per address typed does not tell when its owner last tried', () => {
  let t: TestPortal;
  // From the real time: the proof-of-work library checks a challenge's expiry against the real clock.
  let clock = Date.now();
  const victim = at('vic.victim');

  beforeAll(async () => {
    t = await startTestPortal({
      now: () => new Date(clock),
      users: [{ email: victim, password: PASSWORD }],
      policy: { lockout: { maxAttempts: 50, durationSeconds: 900, resetCounterMinutes: 15 } },
      config: {
        rateLimits: {
          perAddress: { max: 1000, windowSeconds: 900 },
          perAccount: { max: 3, windowSeconds: 900 },
        },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a stranger who fills it with the whole window, for a used address as for an unused one', async () => {
    // The owner signs in now (a browser without a device cookie counts on the address's window).
    const owner = formClient(t.url);
    await owner.get('/signin');
    expect((await owner.post('/signin', { email: victim, currentPassword: PASSWORD })).status).toBe(200);
    clock += 10 * 60_000;
    const stranger = formClient(t.url);
    const answers: string[] = [];
    for (const email of [victim, at('never.used')]) {
      let last = '';
      for (let i = 0; i < 4; i += 1) {
        await stranger.get('/signin');
        const answer = await stranger.post('/signin', { email, currentPassword: `Wrong-${i}-Guess-Pw!` });
        last = `${answer.status} ${/Too many passwords were typed for this e-mail address[^<]*/.exec(answer.html)?.[0]}`;
      }
      answers.push(last);
    }
    // Its window began 10 minutes ago, so 5 minutes are left: saying so would tell when the owner signed in.
    const whole =
      '429 Too many passwords were typed for this e-mail address in a short time. You can try again in 15 minutes.';
    expect(answers).toEqual([whole, whole]);
  });
});

describe('the reset’s code limit names itself', () => {
  let t: TestPortal;

  beforeAll(async () => {
    t = await startTestPortal({
      users: [{ email: ada, password: PASSWORD }],
      config: { rateLimits: { resetPerAddress: { max: 2, windowSeconds: 1200 } } },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says that too many codes were sent and when a new one can be asked for, the same for an unknown address', async () => {
    const browser = formClient(t.url);
    await browser.get('/reset');
    expect((await browser.post('/reset', { email: at('nobody.here') })).location).toBe('/reset/verify');
    for (let i = 0; i < 2; i += 1) {
      await browser.get('/reset/verify');
      expect((await browser.post('/reset/verify/send-code', {})).status).toBe(200);
    }
    await browser.get('/reset/verify');
    const limited = await browser.post('/reset/verify/send-code', {});
    expect(limited.status).toBe(429);
    expect(limited.html).toMatch(
      /Too many codes were sent in a short time\. You can ask for a new one in (20|19) minutes\./,
    );
  });
});
