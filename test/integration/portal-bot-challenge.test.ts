import { randomBytes } from 'node:crypto';
import { createApp } from '@passgate/portal';
import { createChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { challengeFields } from '../support/solve-page-challenge.js';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../support/start-portal.js';

// The proof of work (ALTCHA) through the web layer: createApp() over the REAL services and store,
// driven with app.request(). A form without the proof, with a forged one or with one already used is
// refused with a stable code BEFORE anything happens: no counter moves, no mail is queued, no audit
// row is written. Clients are told apart by X-Forwarded-For (trustProxy), as behind the admin's proxy.

const [adele, alex] = DEFAULT_TEST_USERS as [
  (typeof DEFAULT_TEST_USERS)[number],
  (typeof DEFAULT_TEST_USERS)[number],
];
const UNKNOWN = 'nobody.here@contoso.example';
const THRESHOLD = 3;

interface Form {
  cookie: string;
  token: string;
  html: string;
}

describe('the proof of work on the portal’s forms', () => {
  let t: TestPortal;
  let app: Hono;

  beforeAll(async () => {
    t = await startTestPortal({
      // Nothing is sent in the background: a queued reset request stays in the mail queue to be seen.
      startWorker: false,
      startBackground: false,
      config: { bots: { difficulty: 20, signInFailuresBeforeChallenge: THRESHOLD } },
    });
    app = createApp({
      config: { ...t.config, publicUrl: 'http://localhost', trustProxy: true },
      accounts: t.portal.accounts,
      challenges: t.portal.challenges,
      resets: t.portal.resets,
      security: t.portal.security,
      logger: t.portal.logger,
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function open(path: string, ip: string): Promise<Form> {
    const response = await app.request(path, { headers: { 'X-Forwarded-For': ip } });
    const html = await response.text();
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    return { cookie, token, html };
  }

  async function post(
    path: string,
    form: Form,
    fields: Record<string, string>,
    ip: string,
  ): Promise<{ status: number; html: string }> {
    const response = await app.request(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: form.cookie,
        Origin: 'http://localhost',
        'X-Forwarded-For': ip,
      },
      body: new URLSearchParams({ _csrf: form.token, ...fields }).toString(),
    });
    return { status: response.status, html: await response.text() };
  }

  /** Everything a request could have changed: counters, queued mail, audit rows, spent challenges, reset flows. */
  async function snapshot(): Promise<unknown> {
    const { db } = t.portal.store;
    return {
      counters: await db.selectFrom('counters').selectAll().orderBy('key').execute(),
      mail: (await db.selectFrom('mail_queue').select('id').execute()).length,
      audit: (await db.selectFrom('audit_events').select('seq').execute()).length,
      spent: (await db.selectFrom('used_challenges').select('signature').execute()).length,
      flows: (await db.selectFrom('reset_flows').select('token_hash').execute()).length,
    };
  }

  const hasChallenge = (html: string): boolean => html.includes('id="challenge-data"');

  describe('/reset', () => {
    it('asks every request, and tells a browser without JavaScript that this step needs it', async () => {
      const { html } = await open('/reset', '192.0.2.10');
      expect(hasChallenge(html)).toBe(true);
      expect(html).toContain('<input type="hidden" name="altcha" value/>');
      expect(html).toMatch(/<noscript>.*This step needs JavaScript\..*<\/noscript>/s);
      expect(html).toMatch(/<script type="module" src="\/assets\/challenge-island\.js\?v=\w+">/);
    });

    it('refuses a form without the proof as CHALLENGE_REQUIRED, the same for any address, changing nothing', async () => {
      const before = await snapshot();
      const answers: string[] = [];
      for (const email of [adele.email, UNKNOWN]) {
        const form = await open('/reset', '192.0.2.11');
        const { status, html } = await post('/reset', form, { email }, '192.0.2.11');
        expect(status).toBe(400);
        expect(html).toContain('This step needs JavaScript: your browser runs a short check');
        expect(hasChallenge(html)).toBe(true);
        answers.push(
          html
            .replace(/name="_csrf" value="[^"]*"/, '')
            .replace(/<script type="application\/json" id="challenge-data">.*?<\/script>/s, '')
            .replace(email, 'EMAIL'),
        );
      }
      expect(answers[0]).toBe(answers[1]);
      expect(await snapshot()).toEqual(before);
    });

    it('refuses a forged proof (signed with another key) and an edited one as CHALLENGE_FAILED, changing nothing', async () => {
      const before = await snapshot();
      const foreign = await createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: 2_000,
        deriveKey,
        counter: 3,
        expiresAt: new Date(Date.now() + 600_000),
        hmacSignatureSecret: randomBytes(32).toString('hex'),
        hmacKeySignatureSecret: randomBytes(32).toString('hex'),
      });
      const forged = await challengeFields(
        `<script type="application/json" id="challenge-data">${JSON.stringify(foreign)}</script>`,
      );
      const form = await open('/reset', '192.0.2.12');
      const genuine = await challengeFields(form.html);
      const decoded = JSON.parse(Buffer.from(genuine.altcha ?? '', 'base64').toString('utf8'));
      decoded.challenge.parameters.expiresAt += 86_400;
      const edited = Buffer.from(JSON.stringify(decoded)).toString('base64');
      for (const altcha of [forged.altcha ?? '', edited, 'bm90IGEgcGF5bG9hZA==']) {
        const { status, html } = await post('/reset', form, { email: adele.email, altcha }, '192.0.2.12');
        expect(status).toBe(403);
        expect(html).toContain(
          'The automatic check your browser ran for this form did not pass or has expired.',
        );
      }
      expect(await snapshot()).toEqual(before);
    });

    it('accepts a proof once: the same solution sent again is refused and starts nothing more', async () => {
      const form = await open('/reset', '192.0.2.13');
      const proof = await challengeFields(form.html);
      const first = await post('/reset', form, { email: alex.email, ...proof }, '192.0.2.13');
      // Accepted: the reset flow begins (the next page asks for a way to prove it is you).
      expect(first.status).toBe(303);
      const queued = await snapshot();
      const again = await post('/reset', form, { email: alex.email, ...proof }, '192.0.2.14');
      expect(again.status).toBe(403);
      expect(await snapshot()).toEqual(queued);
    });

    it('lets exactly one of many requests racing with one solution through', async () => {
      const form = await open('/reset', '192.0.2.15');
      const proof = await challengeFields(form.html);
      const { flows } = (await snapshot()) as { flows: number };
      const statuses = await Promise.all(
        Array.from({ length: 6 }, () => post('/reset', form, { email: UNKNOWN, ...proof }, '192.0.2.15')),
      );
      expect(statuses.map((answer) => answer.status).sort()).toEqual([303, 403, 403, 403, 403, 403]);
      expect(((await snapshot()) as { flows: number }).flows).toBe(flows + 1);
    });
  });

  describe('/signin and /change', () => {
    const WRONG = 'Not-The-Password-1!';

    it(`ask an address for the proof only after ${THRESHOLD} wrong passwords from it, whichever accounts`, async () => {
      const ip = '198.51.100.20';
      for (const [i, email] of [adele.email, UNKNOWN, alex.email].entries()) {
        const form = await open(i === 1 ? '/change' : '/signin', ip);
        expect(hasChallenge(form.html)).toBe(false);
        const fields: Record<string, string> =
          i === 1
            ? {
                email,
                currentPassword: WRONG,
                newPassword: 'Lantern-Quiet-88',
                confirmPassword: 'Lantern-Quiet-88',
              }
            : { email, currentPassword: WRONG };
        const { status, html } = await post(i === 1 ? '/change' : '/signin', form, fields, ip);
        expect(status).toBe(401);
        // The page that answers the failure that reached the threshold already carries the challenge.
        expect(hasChallenge(html)).toBe(i === 2);
      }
      expect(hasChallenge((await open('/signin', ip)).html)).toBe(true);
      expect(hasChallenge((await open('/change', ip)).html)).toBe(true);
      // Another client is not asked.
      expect(hasChallenge((await open('/signin', '198.51.100.21')).html)).toBe(false);
    });

    it('refuse a password check without the proof, counting nothing against the account', async () => {
      const ip = '198.51.100.30';
      for (let i = 0; i < THRESHOLD; i += 1)
        await post('/signin', await open('/signin', ip), { email: UNKNOWN, currentPassword: WRONG }, ip);
      const before = await snapshot();
      for (const path of ['/signin', '/change']) {
        const form = await open(path, ip);
        const { status, html } = await post(
          path,
          form,
          {
            email: adele.email,
            currentPassword: adele.password,
            newPassword: 'Lantern-Quiet-88',
            confirmPassword: 'Lantern-Quiet-88',
          },
          ip,
        );
        expect(status).toBe(400);
        expect(html).toContain('This step needs JavaScript');
        expect(hasChallenge(html)).toBe(true);
      }
      expect(await snapshot()).toEqual(before);
      // With the proof, the right password gets in.
      const form = await open('/signin', ip);
      const signedIn = await post(
        '/signin',
        form,
        { email: adele.email, currentPassword: adele.password, ...(await challengeFields(form.html)) },
        ip,
      );
      expect(signedIn.status).toBe(200);
      expect(signedIn.html).toContain('Your password is still valid');
    });
  });

  describe('/account (security info) signs in as /signin does', () => {
    const WRONG = 'Not-The-Password-1!';

    it('asks a failing address for the proof, sharing the count with /signin, and refuses without it', async () => {
      const ip = '198.51.100.40';
      // Two wrong passwords at /signin, the third at /account: the threshold is the address's, across doors.
      for (let i = 0; i < THRESHOLD - 1; i += 1)
        await post('/signin', await open('/signin', ip), { email: UNKNOWN, currentPassword: WRONG }, ip);
      const first = await open('/account', ip);
      expect(hasChallenge(first.html)).toBe(false);
      const failed = await post('/account/signin', first, { email: alex.email, currentPassword: WRONG }, ip);
      expect(failed.status).toBe(401);
      expect(hasChallenge(failed.html)).toBe(true);
      expect(hasChallenge((await open('/signin', ip)).html)).toBe(true);

      const before = await snapshot();
      const form = await open('/account', ip);
      expect(hasChallenge(form.html)).toBe(true);
      expect(form.html).toMatch(/<noscript>.*This step needs JavaScript\..*<\/noscript>/s);
      const refused = await post(
        '/account/signin',
        form,
        { email: adele.email, currentPassword: adele.password },
        ip,
      );
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('This step needs JavaScript');
      expect(await snapshot()).toEqual(before);
      const again = await open('/account', ip);
      const signedIn = await post(
        '/account/signin',
        again,
        { email: adele.email, currentPassword: adele.password, ...(await challengeFields(again.html)) },
        ip,
      );
      expect(signedIn.status).toBe(303);
      // Another client is not asked.
      expect(hasChallenge((await open('/account', '198.51.100.41')).html)).toBe(false);
    });
  });
});
