import { createApp } from '@passgate/portal';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appClient } from '../support/app-client.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// The passkey pages through the web layer: createApp() over the real services and store, driven with
// app.request(). The ceremonies themselves run in Chromium (portal-passkeys-browser.test.ts); here is
// what a browser without them, or a script, meets: where passkeys are offered and where not, the
// options route's answers and cookie, and answers sent without a ceremony.

const PASSWORD = 'Harbour-Lantern-73!';
const ann = `ann.web-passkey@${TEST_TENANT_DOMAIN}`;
const ORIGIN = 'http://localhost';

describe('passkeys over the real portal', () => {
  let t: TestPortal;
  let app: Hono;

  beforeAll(async () => {
    // localhost: browsers make passkeys only for a host name, and the portal offers none without one.
    t = await startTestPortal({
      publicHost: 'localhost',
      users: [{ email: ann, password: PASSWORD, displayName: 'Ann Web' }],
      config: { organisation: { name: 'Contoso' } },
    });
    app = webApp(t);
  });
  afterAll(() => t?.close());

  function webApp(portal: TestPortal, publicUrl = ORIGIN): Hono {
    return createApp({
      config: { ...portal.config, publicUrl },
      accounts: portal.portal.accounts,
      security: portal.portal.security,
      passkeys: portal.portal.passkeys,
      resets: portal.portal.resets,
      logger: portal.portal.logger,
    });
  }

  /** POST /passkeys/options as the island sends it: the page's CSRF token and cookie, the purpose. */
  async function askOptions(
    target: Hono,
    purpose: string,
    cookies = '',
  ): Promise<{ response: Response; json: { options?: Record<string, unknown>; words?: string } }> {
    const page = await target.request('/account', { headers: { cookie: cookies } });
    const csrfCookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const response = await target.request('/passkeys/options', {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/x-www-form-urlencoded',
        cookie: [cookies, csrfCookie].filter((c) => c !== '').join('; '),
      },
      body: new URLSearchParams({ _csrf: token, purpose }).toString(),
    });
    // An HTML answer (a 404 where passkeys are not served, a refused form) has no JSON to read.
    return { response, json: await response.json().catch(() => ({})) };
  }

  it('offers "Sign in with a passkey" hidden until the island shows it, so without JavaScript there is only the password', async () => {
    const page = await (await app.request('/account')).text();
    expect(page).toMatch(/<section class="passkey" data-passkey-section="true" hidden aria-labelledby=/);
    expect(page).toContain('<script type="module" src="/assets/passkey-island.js?v=');
    expect(page).toContain('data-passkey-autofill="email"');
    expect(page).toContain('Sign in with a passkey');
    const signin = await (await app.request('/signin')).text();
    expect(signin).toContain('action="/signin/passkey"');
  });

  it('offers no passkey where browsers cannot make one (publicUrl an IP address) or the policy allows none', async () => {
    const byAddress = await startTestPortal({ users: [] });
    const noPasskeys = await startTestPortal({
      publicHost: 'localhost',
      users: [],
      config: { recovery: { methods: ['totp', 'recovery_codes'] } },
    });
    try {
      for (const portal of [byAddress, noPasskeys]) {
        const page = await (await webApp(portal).request('/account')).text();
        expect(page).toContain('Sign in to your security info');
        expect(page).not.toContain('data-passkey');
        expect(page).not.toContain('passkey-island.js');
        expect((await askOptions(webApp(portal), 'account')).response.status).toBe(404);
      }
    } finally {
      await byAddress.close();
      await noPasskeys.close();
    }
  });

  it('hands out sign-in options with no passkey named, bound to a ceremony cookie, never cached', async () => {
    const { response, json } = await askOptions(app, 'account');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(json.options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
    expect(json.options?.allowCredentials).toBeUndefined();
    const ceremony = response.headers.getSetCookie().find((line) => line.startsWith('pg_passkey='));
    expect(ceremony).toMatch(/HttpOnly/);
    expect(ceremony).toMatch(/SameSite=Strict/);
    const rows = await t.portal.store.db.selectFrom('passkey_challenges').selectAll().execute();
    // The challenge is kept, the cookie only as a hash.
    expect(rows.map((row) => row.challenge)).toContain(json.options?.challenge);
    expect(JSON.stringify(rows)).not.toContain((ceremony ?? '').split(';')[0]?.split('=')[1]);
  });

  it('refuses options for a form without its CSRF token, for an unknown purpose, and to register without a session', async () => {
    const forged = await app.request('/passkeys/options', {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'purpose=account',
    });
    expect(forged.status).toBe(403);
    expect((await askOptions(app, 'everything')).response.status).toBe(422);
    const register = await askOptions(app, 'register');
    expect(register.response.status).toBe(401);
    expect(register.json.words).toContain('Your sign-in to your security info has ended');
  });

  it('answers a passkey sent without a ceremony, or not a passkey at all, on the sign-in page and changes nothing', async () => {
    const client = appClient(app);
    await client.get('/account');
    const noCeremony = await client.post('/account/passkey', { response: '{}' });
    expect(noCeremony.status).toBe(422);
    expect(noCeremony.html).toContain('Using the passkey took too long');
    expect(noCeremony.html).toContain('<h1>Sign in to your security info</h1>');

    await client.get('/signin');
    expect((await client.post('/passkeys/options', { purpose: 'expired_sign_in' })).status).toBe(200);
    expect(client.cookies()).toContain('pg_passkey');
    const forged = await client.post('/signin/passkey', {
      response: JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} }),
    });
    expect(forged.status).toBe(401);
    expect(forged.html).toContain('<h1>Sign in</h1>');
    expect(forged.html).toContain('This passkey could not be used here.');
    // The answer spent the challenge: the same form again has no ceremony left.
    expect(client.cookies()).not.toContain('pg_passkey');
    expect((await client.post('/signin/passkey', { response: '{}' })).status).toBe(422);
    expect(client.cookies()).not.toContain('pg_account');
    expect(client.cookies()).not.toContain('pg_session');
  });

  it('counts options per client address, like password checks', async () => {
    const limited = await startTestPortal({
      publicHost: 'localhost',
      users: [],
      config: { rateLimits: { perAddress: { max: 2 } } },
    });
    try {
      const target = webApp(limited);
      expect((await askOptions(target, 'account')).response.status).toBe(200);
      expect((await askOptions(target, 'expired_sign_in')).response.status).toBe(200);
      const third = await askOptions(target, 'account');
      expect(third.response.status).toBe(429);
      expect(third.json.words).toMatch(/too many/i);
    } finally {
      await limited.close();
    }
  });

  it('offers a passkey at /reset, its options naming no passkey and the same for any address', async () => {
    const seen: unknown[] = [];
    for (const email of [ann, `nobody@${TEST_TENANT_DOMAIN}`]) {
      const client = appClient(app);
      await client.get('/reset');
      expect((await client.post('/reset', { email })).location).toBe('/reset/verify');
      const page = await client.get('/reset/verify');
      expect(page.html).toMatch(
        /<section class="passkey" data-passkey-section="true" hidden aria-labelledby="passkey-reset-heading">/,
      );
      expect(page.html).toContain('data-passkey-options="/reset/verify/passkey/options"');
      expect(page.html).toContain('action="/reset/verify/passkey"');
      const options = await client.post('/reset/verify/passkey/options', { purpose: 'reset' });
      expect(options.status).toBe(200);
      const json = JSON.parse(options.html) as { options: Record<string, unknown> };
      expect(json.options).toMatchObject({ rpId: 'localhost', userVerification: 'required' });
      const { challenge, ...rest } = json.options;
      expect(challenge).toEqual(expect.any(String));
      seen.push(rest);
      // Not an answer to the challenge: refused on the page, and the challenge is spent.
      const answer = await client.post('/reset/verify/passkey', {
        response: JSON.stringify({ id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: {} }),
      });
      expect(answer.status).toBe(401);
      expect(answer.html).toContain('This passkey could not be used here.');
      expect((await client.post('/reset/verify/passkey', { response: '{}' })).status).toBe(422);
    }
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]).not.toHaveProperty('allowCredentials');
  });

  it('lists a signed-in person\'s "Add a passkey" form, hidden without JavaScript, with a note that says why', async () => {
    const client = appClient(app);
    await client.get('/account');
    await client.post('/account/signin', { email: ann, currentPassword: PASSWORD });
    const page = await client.get('/account');
    expect(page.html).toContain('<h1>Your security info</h1>');
    expect(page.html).toMatch(
      /<div data-passkey-section="true" hidden><form class="form" method="post" action="\/account\/passkeys"/,
    );
    expect(page.html).toContain('To add a passkey, turn on JavaScript for this site');
  });
});
