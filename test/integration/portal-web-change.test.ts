import { readFileSync } from 'node:fs';
import { createApp } from '@passgate/portal';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../support/start-portal.js';

// The change flow end to end through the web layer: createApp() over the REAL account service,
// store, sync worker and the Microsoft 365 emulator (startTestPortal), driven with app.request().

interface Session {
  cookie: string;
  token: string;
}

async function openForm(app: Hono, query = ''): Promise<Session & { html: string }> {
  const response = await app.request(`/change${query}`);
  const html = await response.text();
  return {
    html,
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    token: /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
  };
}

async function change(
  app: Hono,
  fields: { email: string; currentPassword: string; newPassword: string; confirmPassword?: string },
  origin = 'http://localhost',
): Promise<{ status: number; html: string }> {
  const session = await openForm(app);
  const body = new URLSearchParams({
    _csrf: session.token,
    confirmPassword: fields.newPassword,
    ...fields,
  }).toString();
  const response = await app.request('/change', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session.cookie, Origin: origin },
    body,
  });
  const location = response.headers.get('location');
  if (response.status !== 303 || location === null)
    return { status: response.status, html: await response.text() };
  // Success leads (303) to the outcome page, which reads the outcome the answer left in a cookie.
  const outcome = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => !pair.endsWith('='));
  const page = await app.request(location, { headers: { Cookie: [session.cookie, ...outcome].join('; ') } });
  return { status: page.status, html: await page.text() };
}

/** The web layer as if served at http://localhost, where app.request() sends its requests. */
function webApp(test: TestPortal): Hono {
  return createApp({
    config: { ...test.config, publicUrl: 'http://localhost' },
    accounts: test.portal.accounts,
    logger: test.portal.logger,
  });
}

const [adele, alex, pat] = DEFAULT_TEST_USERS as [
  (typeof DEFAULT_TEST_USERS)[number],
  (typeof DEFAULT_TEST_USERS)[number],
  (typeof DEFAULT_TEST_USERS)[number],
];

describe('the change page over the real portal', () => {
  let test: TestPortal;
  let app: Hono;
  const typedPasswords: string[] = [];

  beforeAll(async () => {
    test = await startTestPortal({
      config: { sync: { pollIntervalMs: 50, leaseSeconds: 30, changeWaitMs: 3000 } },
    });
    app = webApp(test);
  });
  afterAll(async () => {
    await test?.close();
  });

  it('changes the password in the portal and in Microsoft 365, and says so', async () => {
    const next = 'Saffron-Kestrel-Window-42';
    typedPasswords.push(adele.password, next);
    const { status, html } = await change(app, {
      email: adele.email,
      currentPassword: adele.password,
      newPassword: next,
    });
    expect(status).toBe(200);
    expect(html).toContain(
      'Microsoft 365 now uses your new password; you may be signed out of open Microsoft sessions.',
    );
    expect(test.emulator.verifyPassword(test.tenantId, adele.email, next)).toBe(true);
    // The old password no longer opens the account in the portal either.
    const again = await change(app, {
      email: adele.email,
      currentPassword: adele.password,
      newPassword: 'Other-Value-77-zz',
    });
    expect(again.status).toBe(401);
  });

  it('changes only the portal password for a user whose domain has no tenant', async () => {
    const next = 'Marble-Thistle-Canyon-18';
    typedPasswords.push(pat.password, next);
    const { status, html } = await change(app, {
      email: pat.email,
      currentPassword: pat.password,
      newPassword: next,
    });
    expect(status).toBe(200);
    expect(html).toContain('Your portal password has changed.');
  });

  it('lists each policy reason, linked to the new-password field, and changes nothing', async () => {
    typedPasswords.push(alex.password);
    const { status, html } = await change(app, {
      email: alex.email,
      currentPassword: alex.password,
      newPassword: 'short',
    });
    expect(status).toBe(422);
    expect(html).toContain('<li><a href="#new-password">Use at least 12 characters.</a></li>');
    expect(html).toContain('<li><a href="#new-password">Include an uppercase letter (A-Z).</a></li>');
    expect(test.emulator.verifyPassword(test.tenantId, alex.email, alex.password)).toBe(true);
    expect(test.emulator.getUser(test.tenantId, alex.email)?.passwordWrites).toBe(0);
  });

  it('refuses a reused password with its own words', async () => {
    const { status, html } = await change(app, {
      email: alex.email,
      currentPassword: alex.password,
      newPassword: alex.password,
    });
    expect(status).toBe(422);
    expect(html).toContain('Choose a password you have not used for your last 5 passwords.');
  });

  it('answers a wrong password and an unknown account with the same words and status', async () => {
    const wrong = await change(app, {
      email: alex.email,
      currentPassword: 'Not-The-Password-1',
      newPassword: 'Pepper-Glacier-Moth-66',
    });
    const unknown = await change(app, {
      email: 'nobody@contoso.example',
      currentPassword: 'Not-The-Password-1',
      newPassword: 'Pepper-Glacier-Moth-66',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const summary = (html: string) => /<div id="error-summary".*?<\/div>/s.exec(html)?.[0];
    expect(summary(wrong.html)).toContain('The e-mail address or current password is not right.');
    expect(summary(wrong.html)).toBe(summary(unknown.html));
  });

  it('refuses a form posted from another site and changes nothing', async () => {
    const { status } = await change(
      app,
      { email: alex.email, currentPassword: alex.password, newPassword: 'Walnut-Beacon-Fjord-35' },
      'https://evil.example',
    );
    expect(status).toBe(403);
    expect(test.emulator.verifyPassword(test.tenantId, alex.email, alex.password)).toBe(true);
  });

  it('writes no typed password to the logs or, in plaintext, to the database', async () => {
    expect(test.logs.length).toBeGreaterThan(0);
    const logs = test.logs.join('\n');
    const database = readFileSync(test.databasePath).toString('latin1') + readWal(test.databasePath);
    for (const password of typedPasswords) {
      expect(logs).not.toContain(password);
      expect(database).not.toContain(password);
    }
  });
});

function readWal(databasePath: string): string {
  try {
    return readFileSync(`${databasePath}-wal`).toString('latin1');
  } catch {
    return '';
  }
}

describe('the change page when Microsoft 365 refuses or is slow', () => {
  let test: TestPortal;
  let app: Hono;

  beforeAll(async () => {
    // A policy looser than Microsoft's rules, so Microsoft is the one to refuse.
    test = await startTestPortal({
      policy: {
        microsoft365: { enforce: false },
        requireUppercase: false,
        requireNumber: false,
        requireSpecial: false,
        disallowCommonPasswords: false,
        historyCount: 0,
      },
      config: { sync: { pollIntervalMs: 50, leaseSeconds: 30, changeWaitMs: 1500 } },
    });
    app = webApp(test);
  });
  afterAll(async () => {
    await test?.close();
  });

  it("shows Microsoft's refusal and leaves both sides on the old password", async () => {
    const { status, html } = await change(app, {
      email: adele.email,
      currentPassword: adele.password,
      newPassword: 'quietlanternharbour',
    });
    expect(status).toBe(422);
    expect(html).toContain('Microsoft 365 refused this new password');
    expect(html).toContain('your current password still works');
    expect(test.emulator.verifyPassword(test.tenantId, adele.email, adele.password)).toBe(true);
    // The portal still takes the old password: a well-formed change with it is accepted.
    const next = 'Lantern-Harbour-Quiet-29';
    const retry = await change(app, {
      email: adele.email,
      currentPassword: adele.password,
      newPassword: next,
    });
    expect(retry.status).toBe(200);
    expect(test.emulator.verifyPassword(test.tenantId, adele.email, next)).toBe(true);
  });

  it('says "queued" when Microsoft 365 is slow, and the change lands later', async () => {
    test.emulator.injectFaults({ kind: 'delay', ms: 3000, count: 1 });
    const next = 'Orchid-Falcon-Meadow-64';
    const { status, html } = await change(app, {
      email: alex.email,
      currentPassword: alex.password,
      newPassword: next,
    });
    expect(status).toBe(202);
    expect(html).toContain('Saved; Microsoft 365 will take it within minutes.');
    await expect
      .poll(() => test.emulator.verifyPassword(test.tenantId, alex.email, next), {
        timeout: 15_000,
        interval: 200,
      })
      .toBe(true);
  });
});
