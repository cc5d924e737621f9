import { request } from 'node:http';
import {
  type IdTokenTamper,
  type M365Emulator,
  type OidcPerson,
  startM365Emulator,
} from '@passgate/test/m365-emulator';
import { Agent, fetch as undiciFetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminTestPortal,
  adminClient,
  startAdminTestPortal,
  TEST_ADMIN,
  TEST_HELPDESK,
  TEST_OUTSIDER,
} from '../support/admin-sign-in.js';
import { findLeaks, portalHaystacks } from '../support/leak-scan.js';

let t: AdminTestPortal;

/** Signs `email` in at the provider for an authorization URL and returns the code it sends back. */
async function codeFor(authorizeUrl: string, email: string): Promise<string> {
  const code = (await callbackFor(authorizeUrl, email)).searchParams.get('code');
  if (code === null) throw new Error('the provider sent no code');
  return code;
}

/** Signs `email` in at the provider for an authorization URL and returns where it sends the browser back. */
async function callbackFor(authorizeUrl: string, email: string, idp = t.emulator): Promise<URL> {
  const dispatcher = new Agent({ connect: { ca: idp.caCertificatePem } });
  const page = await undiciFetch(authorizeUrl, { dispatcher, redirect: 'manual' });
  const html = await page.text();
  const fields = new URLSearchParams();
  for (const match of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.set(
      match[1] ?? '',
      (match[2] ?? '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n))),
    );
  fields.set('person', email);
  const chosen = await undiciFetch(`${idp.oidc.issuer.replace(/\/$/, '')}/authorize`, {
    method: 'POST',
    body: fields.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    dispatcher,
    redirect: 'manual',
  });
  return new URL(chosen.headers.get('location') ?? '');
}

beforeAll(async () => {
  t = await startAdminTestPortal();
});
afterAll(async () => {
  await t?.close();
});

async function sessionCount(): Promise<number> {
  const rows = await t.portal.store.db.selectFrom('admin_sessions').select('id').execute();
  return rows.length;
}

async function adminAudit(): Promise<
  { event_type: string; success: boolean; username: string; error: string | null }[]
> {
  const rows = await t.portal.store.db
    .selectFrom('audit_events')
    .select('body')
    .where('event_type', 'in', ['admin_login_attempt', 'admin_logout'])
    .orderBy('seq')
    .execute();
  return rows.map((row) => {
    const event = JSON.parse(row.body) as {
      event_type: string;
      success: boolean;
      resource: { username: string };
      error_message: string | null;
    };
    return {
      event_type: event.event_type,
      success: event.success,
      username: event.resource.username,
      error: event.error_message,
    };
  });
}

describe('admin console sign-in with OpenID Connect', () => {
  it('signs an admin in through the identity provider with state, nonce and PKCE S256, and shows the console', async () => {
    const browser = adminClient(t.url, t.emulator);
    const start = await browser.get('/admin?tab=x');
    expect(start.status).toBe(302);
    expect(start.location).toBe('/admin/signin?next=%2Fadmin%3Ftab%3Dx');
    const toIdp = await browser.get('/admin/signin?next=/admin');
    const authorize = new URL(toIdp.location ?? '');
    expect(authorize.origin + authorize.pathname).toBe(`${t.emulator.oidc.issuer}/authorize`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{20,}$/);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${t.url}/admin/callback`);

    const done = await browser.signIn(TEST_ADMIN.email, '/admin/signin?next=/admin');
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin');
    expect(browser.cookie('pg_admin')).toMatch(/^[\w-]{43}$/);
    const overview = await browser.get('/admin');
    expect(overview.status).toBe(200);
    expect(overview.html).toContain('Adele Vance');
    expect(overview.headers.get('cache-control')).toBe('no-store');
    expect(overview.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    // Only the token's hash is stored.
    const rows = await t.portal.store.db.selectFrom('admin_sessions').selectAll().execute();
    expect(rows.map((row) => row.token_hash)).not.toContain(browser.cookie('pg_admin'));
  });

  it('gives a helpdesk role by group claim', async () => {
    const browser = adminClient(t.url, t.emulator);
    expect((await browser.signIn(TEST_HELPDESK.email)).status).toBe(303);
    expect((await browser.get('/admin')).html).toContain('role helpdesk');
  });

  it('refuses someone in neither list with a 403 page and no session', async () => {
    const before = await sessionCount();
    const browser = adminClient(t.url, t.emulator);
    const answer = await browser.signIn(TEST_OUTSIDER.email);
    expect(answer.status).toBe(403);
    expect(answer.html).toContain('not an admin of this portal');
    expect(browser.cookie('pg_admin')).toBeUndefined();
    expect(await sessionCount()).toBe(before);
    expect((await adminAudit()).at(-1)).toEqual({
      event_type: 'admin_login_attempt',
      success: false,
      username: TEST_OUTSIDER.email,
      error: 'ADMIN_NOT_AN_ADMIN',
    });
  });

  /** Runs `body` with the provider offering only `person` (then the usual three again). */
  async function withOnly(person: OidcPerson, body: () => Promise<void>): Promise<void> {
    const usual = t.emulator.oidc.people();
    t.emulator.oidc.setPeople([person]);
    try {
      await body();
    } finally {
      t.emulator.oidc.setPeople(usual);
    }
  }

  it('gives no role on an e-mail the provider has not verified (email_verified false or absent)', async () => {
    for (const emailVerified of [false, null]) {
      // Someone else's account at the provider, with the admin's address typed into its profile.
      await withOnly({ ...TEST_ADMIN, sub: 'someone-else', emailVerified }, async () => {
        const before = await sessionCount();
        const browser = adminClient(t.url, t.emulator);
        const answer = await browser.signIn(TEST_ADMIN.email);
        expect(answer.status).toBe(403);
        expect(answer.html).toContain('not an admin of this portal');
        expect(browser.cookie('pg_admin')).toBeUndefined();
        expect(await sessionCount()).toBe(before);
        expect((await adminAudit()).at(-1)).toMatchObject({ success: false, error: 'ADMIN_NOT_AN_ADMIN' });
      });
    }
  });

  it('gives a role by group to a person with no verified e-mail, and stores no address for them (not the subject)', async () => {
    const subject = 'adele.vance@contoso.example';
    await withOnly({ ...TEST_HELPDESK, sub: subject, emailVerified: null }, async () => {
      const browser = adminClient(t.url, t.emulator);
      expect((await browser.signIn(TEST_HELPDESK.email)).status).toBe(303);
      // The subject looks like an admin's address: kept as the e-mail, it would make them admin.
      const page = await browser.get('/admin');
      expect(page.html).toContain('role helpdesk');
      const row = await t.portal.store.db
        .selectFrom('admin_sessions')
        .select(['email', 'subject'])
        .where('subject', '=', subject)
        .executeTakeFirstOrThrow();
      expect(row.email).toBe('');
    });
  });

  it('never counts a sign-in as recent when the ID token has no auth_time (iat is no stand-in)', async () => {
    await withOnly({ ...TEST_ADMIN, sendAuthTime: false }, async () => {
      const browser = adminClient(t.url, t.emulator);
      expect((await browser.signIn(TEST_ADMIN.email)).status).toBe(303);
      expect((await browser.get('/admin')).html).toContain('role admin');
      // Suspending asks for a recent sign-in: the admin is sent to re-authenticate, not let through.
      const suspend = await browser.get('/admin/users/any-id/suspend');
      expect(suspend.status).toBe(303);
      expect(suspend.location).toBe('/admin/reauth?next=%2Fadmin%2Fusers%2Fany-id%2Fsuspend');
    });
  });

  const tampers: [IdTokenTamper, string][] = [
    ['bad-signature', 'signature'],
    ['wrong-issuer', 'issuer'],
    ['wrong-audience', 'audience'],
    ['expired', 'expiry'],
    ['wrong-nonce', 'nonce'],
  ];
  for (const [tamper, what] of tampers) {
    it(`refuses an ID token with a bad ${what} and starts no session`, async () => {
      const before = await sessionCount();
      t.emulator.oidc.tamperNextIdToken(tamper);
      const browser = adminClient(t.url, t.emulator);
      const answer = await browser.signIn(TEST_ADMIN.email);
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('ADMIN_SIGNIN_FAILED');
      expect(browser.cookie('pg_admin')).toBeUndefined();
      expect(await sessionCount()).toBe(before);
      expect((await adminAudit()).at(-1)).toMatchObject({ success: false, error: 'ADMIN_SIGNIN_FAILED' });
    });
  }

  it('refuses a callback whose state is not the one this browser was sent with', async () => {
    const browser = adminClient(t.url, t.emulator);
    const other = adminClient(t.url, t.emulator);
    // The attacker starts a sign-in and gets a code for their own account...
    const attackerStart = await other.get('/admin/signin');
    await browser.get('/admin/signin');
    const forged = new URL(`${t.url}/admin/callback`);
    forged.searchParams.set('code', 'not-a-real-code');
    forged.searchParams.set('state', new URL(attackerStart.location ?? '').searchParams.get('state') ?? '');
    const answer = await browser.get(forged.pathname + forged.search);
    expect(answer.status).toBe(400);
    expect(answer.html).toContain('ADMIN_SIGNIN_FAILED');
    expect(browser.cookie('pg_admin')).toBeUndefined();
  });

  it('refuses a callback with no sign-in started in this browser, and writes no audit row for it', async () => {
    const before = (await adminAudit()).length;
    const browser = adminClient(t.url, t.emulator);
    // Anyone can send this as often as they like: each one must not add to the append-only log.
    for (let i = 0; i < 3; i += 1) {
      const answer = await browser.get('/admin/callback?code=abc&state=def');
      expect(answer.status).toBe(400);
      expect(answer.html).toContain('ADMIN_SIGNIN_EXPIRED');
    }
    expect((await adminAudit()).length).toBe(before);
  });

  it('keeps at most 512 characters of the user agent in an audit row', async () => {
    const start = await fetch(`${t.url}/admin/signin`, { redirect: 'manual' });
    const flowCookie =
      start.headers
        .getSetCookie()
        .map((cookie) => cookie.split(';')[0] ?? '')
        .find((pair) => pair.startsWith('pg_admin_signin=')) ?? '';
    expect(flowCookie).toMatch(/^pg_admin_signin=/);
    const userAgent = `Mozilla/5.0 ${'x'.repeat(6000)}`;
    const answer = await fetch(`${t.url}/admin/callback?code=abc&state=def`, {
      headers: { cookie: flowCookie, 'user-agent': userAgent },
      redirect: 'manual',
    });
    expect(answer.status).toBe(400);
    const row = await t.portal.store.db
      .selectFrom('audit_events')
      .select('body')
      .where('event_type', '=', 'admin_login_attempt')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    const event = JSON.parse(row.body) as { useragent: string; error_message: string };
    expect(event.error_message).toBe('ADMIN_SIGNIN_FAILED');
    expect(event.useragent).toBe(userAgent.slice(0, 512));
  });

  it('sends a PKCE verifier the provider checks, and refuses a code redeemed by a browser that did not start it', async () => {
    // A code intercepted on its way back to the victim, replayed into the attacker's own sign-in: the
    // attacker's flow carries another state and verifier, so the portal refuses it.
    const victim = adminClient(t.url, t.emulator);
    const attacker = adminClient(t.url, t.emulator);
    const victimStart = await victim.get('/admin/signin');
    const attackerStart = await attacker.get('/admin/signin');
    expect(victimStart.status).toBe(302);
    expect(attackerStart.status).toBe(302);
    t.emulator.oidc.ignorePkce(true);
    try {
      const victimCode = await codeFor(victimStart.location ?? '', TEST_ADMIN.email);
      const attackerState = new URL(attackerStart.location ?? '').searchParams.get('state') ?? '';
      const replay = await attacker.get(
        `/admin/callback?code=${encodeURIComponent(victimCode)}&state=${attackerState}`,
      );
      expect(replay.status).toBe(400);
      expect(attacker.cookie('pg_admin')).toBeUndefined();
    } finally {
      t.emulator.oidc.ignorePkce(false);
    }
    const last = t.emulator.oidc.tokenExchanges().at(-1);
    expect(last?.codeVerifier).toMatch(/^[\w-]{43,128}$/);
  });

  it('is refused by the provider when the verifier does not match the challenge', async () => {
    const browser = adminClient(t.url, t.emulator);
    const first = await browser.get('/admin/signin');
    const code = await codeFor(first.location ?? '', TEST_ADMIN.email);
    // A second sign-in in the same browser replaces the first one's checks (state, nonce, verifier).
    const second = await browser.get('/admin/signin');
    const state = new URL(second.location ?? '').searchParams.get('state') ?? '';
    const answer = await browser.get(`/admin/callback?code=${encodeURIComponent(code)}&state=${state}`);
    expect(answer.status).toBe(400);
    expect(browser.cookie('pg_admin')).toBeUndefined();
    const refused = t.emulator.oidc.tokenExchanges().at(-1);
    expect(refused).toMatchObject({ code, idToken: null });
  });

  it('keeps the ID token, code, code_verifier and client secret out of the log, the audit rows and the database', async () => {
    const secrets = t.emulator.oidc
      .tokenExchanges()
      .flatMap((exchange) =>
        [exchange.code, exchange.codeVerifier, exchange.idToken, exchange.accessToken].filter(
          (value): value is string => value !== null && value.length > 8,
        ),
      );
    expect(secrets.length).toBeGreaterThan(10);
    const leaks = findLeaks(await portalHaystacks(t), {
      'OIDC secret': secrets,
      'client secret': [t.oidcClient.clientSecret],
    });
    expect(leaks).toEqual([]);
  });
});

describe('admin console sign-in failures from one address', () => {
  const failures = () =>
    t.portal.store.db.deleteFrom('counters').where('key', 'like', 'admin-signin-fail:%').execute();
  beforeAll(failures);
  afterAll(failures);

  it('stops asking the provider and writing audit rows after 20 failed sign-ins, and says to wait', async () => {
    const bogusCallback = async (browser: ReturnType<typeof adminClient>) => {
      const start = await browser.get('/admin/signin');
      const state = new URL(start.location ?? '').searchParams.get('state') ?? '';
      return browser.get(`/admin/callback?code=not-a-real-code&state=${encodeURIComponent(state)}`);
    };
    const browser = adminClient(t.url, t.emulator);
    for (let i = 0; i < 20; i += 1)
      expect((await bogusCallback(browser)).html).toContain('ADMIN_SIGNIN_FAILED');
    const audited = (await adminAudit()).length;
    const answer = await bogusCallback(browser);
    expect(answer.status).toBe(429);
    expect(answer.html).toContain('RATE_LIMITED');
    // The language switcher on this page must not carry the callback's code on to another URL.
    expect(answer.html).toContain('name="back" value="/admin/callback"');
    expect(answer.html).toContain('Wait a few minutes');
    // Even a real admin's sign-in waits from this address: the window, not the account, is full.
    expect((await adminClient(t.url, t.emulator).signIn(TEST_ADMIN.email)).status).toBe(429);
    expect((await adminAudit()).length).toBe(audited);
  });
});

describe('admin console sign-in with the identity provider down', () => {
  it('says the provider cannot be reached (503), never a 500, and starts nothing', async () => {
    const down = await startAdminTestPortal({
      startWorker: false,
      // Nothing listens on port 1: discovery fails at once.
      admin: {
        oidc: { issuer: 'https://127.0.0.1:1/oidc', clientId: 'portal', clientSecret: 'not-used-here' },
      },
    });
    try {
      const browser = adminClient(down.url, down.emulator);
      const answer = await browser.get('/admin/signin');
      expect(answer.status).toBe(503);
      expect(answer.html).toContain('ADMIN_IDP_UNREACHABLE');
      expect(answer.headers.get('set-cookie') ?? '').not.toContain('pg_admin_signin');
      expect((await browser.get('/admin')).status).toBe(302);
    } finally {
      await down.close();
    }
  });
});

describe('admin console behind a reverse proxy that ends TLS', () => {
  const PUBLIC = 'https://passwords.contoso.example';
  let behind: AdminTestPortal;
  beforeAll(async () => {
    behind = await startAdminTestPortal({ config: { publicUrl: PUBLIC } });
    // Registered at the provider as docs/admin.md says: the public https address.
    behind.emulator.oidc.addClient({ ...behind.oidcClient, redirectUris: [`${PUBLIC}/admin/callback`] });
  });
  afterAll(async () => {
    await behind?.close();
  });

  /** What nginx sends the portal: plain http, the client's Host passed on (proxy_set_header Host $host). */
  function viaProxy(
    path: string,
    cookie: string,
  ): Promise<{ status: number; location: string | null; cookies: string[] }> {
    return new Promise((resolve, reject) => {
      const sent = request(
        `${behind.url}${path}`,
        { headers: { host: new URL(PUBLIC).host, cookie, 'x-forwarded-proto': 'https' } },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              location: response.headers.location ?? null,
              cookies: (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0] ?? ''),
            }),
          );
        },
      );
      sent.on('error', reject);
      sent.end();
    });
  }

  it('signs an admin in: the code is redeemed for the https address the provider was given', async () => {
    const start = await viaProxy('/admin/signin', '');
    expect(start.status).toBe(302);
    const authorize = new URL(start.location ?? '');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${PUBLIC}/admin/callback`);
    const back = await callbackFor(authorize.href, TEST_ADMIN.email, behind.emulator);
    expect(back.origin).toBe(PUBLIC);
    const callback = await viaProxy(`${back.pathname}${back.search}`, start.cookies.join('; '));
    // Before, the portal named its own http URL as redirect_uri and the provider refused the code.
    expect(callback.status).toBe(303);
    const console = await viaProxy('/admin/users', callback.cookies.join('; '));
    expect(console.status).toBe(200);
  });
});

describe('admin console sign-in when the issuer ends in a slash (Entra ID v1.0, Azure AD B2C)', () => {
  // Configured as published, and as typed with or without the provider's final slash (before, a
  // configured slash was cut: a provider publishing one failed discovery, 503, and nobody signed in).
  it.each([
    { published: 'with', typed: 'as published' },
    { published: 'with', typed: 'without the slash' },
    { published: 'without', typed: 'with a slash' },
  ])(
    'signs an admin in: issuer published $published a slash, configured $typed',
    async ({ published, typed }) => {
      const emulator = await startM365Emulator({ oidcIssuerSlash: published === 'with' });
      const bare = emulator.oidc.issuer.replace(/\/$/, '');
      const issuer =
        typed === 'as published' ? emulator.oidc.issuer : typed === 'with a slash' ? `${bare}/` : bare;
      const portal = await startAdminTestPortal({ emulator, issuer });
      try {
        const answer = await adminClient(portal.url, emulator).signIn(TEST_ADMIN.email);
        expect(answer.status).toBe(303);
      } finally {
        await portal.close();
        await emulator.close();
      }
    },
  );

  /** A portal on `emulator` configured with the provider's issuer under another name than the one it publishes. */
  function misnamedPortal(emulator: M365Emulator): Promise<AdminTestPortal> {
    // The same provider under another name: its discovery document names the issuer it knows itself by.
    return startAdminTestPortal({ emulator, issuer: emulator.oidc.issuer.replace('127.0.0.1', 'localhost') });
  }

  function expectMisconfiguredPage(answer: { status: number; html: string }): void {
    // Reached, answered, but named another issuer: a settings problem, not the network (before, it said
    // "could not reach the identity provider" and sent whoever runs the portal looking at the network).
    expect(answer.status).toBe(503);
    expect(answer.html).toContain('ADMIN_IDP_MISCONFIGURED');
    expect(answer.html).toContain('Identity provider settings do not match');
    expect(answer.html).toContain('compare admin.oidc.issuer with the issuer the provider publishes');
    expect(answer.html).not.toContain('ADMIN_IDP_UNREACHABLE');
    expect(answer.html).not.toContain('could not reach');
  }

  it('says the settings do not match (ADMIN_IDP_MISCONFIGURED), not that the provider is unreachable, and logs both issuers', async () => {
    const emulator = await startM365Emulator();
    const portal = await misnamedPortal(emulator);
    try {
      const answer = await adminClient(portal.url, emulator).signIn(TEST_ADMIN.email);
      expectMisconfiguredPage(answer);
      expect(answer.headers.get('set-cookie') ?? '').not.toContain('pg_admin_signin');
      expect(portal.logs.join('\n')).toContain(
        `the provider names its issuer ${emulator.oidc.issuer}, not ${emulator.oidc.issuer.replace('127.0.0.1', 'localhost')}`,
      );
    } finally {
      await portal.close();
      await emulator.close();
    }
  });

  it('says the same at the callback when the portal restarted with a mismatched issuer during a sign-in', async () => {
    const browser = adminClient(t.url, t.emulator);
    const start = await browser.get('/admin/signin');
    expect(start.status).toBe(302);
    const state = new URL(start.location ?? '').searchParams.get('state') ?? '';
    const emulator = await startM365Emulator();
    // As the portal after a restart: the same secret key opens the sign-in's cookie, discovery runs anew.
    const restarted = await misnamedPortal(emulator);
    try {
      const response = await fetch(
        `${restarted.url}/admin/callback?code=unused&state=${encodeURIComponent(state)}`,
        {
          headers: { cookie: `pg_admin_signin=${browser.cookie('pg_admin_signin') ?? ''}` },
          redirect: 'manual',
        },
      );
      expectMisconfiguredPage({ status: response.status, html: await response.text() });
    } finally {
      await restarted.close();
      await emulator.close();
    }
  });
});
