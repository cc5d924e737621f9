import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  followSeeOther,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import type { ChangeOutcome, SignInOutcome } from '../accounts/account-service.js';
import { createApp } from '../app.js';

const EMAIL = 'ada@example.org';
const OLD = 'Expired-Password-2023!';
const NEXT = 'Kettle-Harbour-Violet-93';
const SESSION = 'sEsSiOn-token-0123456789abcdefghijklmnopqrstu';
const LEGACY = 'https://account.activedirectory.windowsazure.com/ChangePassword.aspx';

function appWith(signIns: SignInOutcome[], ...outcomes: ChangeOutcome[]) {
  const accounts = new ScriptedAccounts(...outcomes);
  accounts.signIns.push(...signIns);
  const { logger, lines } = capturingLogger();
  const app = createApp({
    config: webTestConfig({
      organisation: {
        name: 'Example Org',
        logoPath: null,
        supportText: 'Call the help desk on 0100 555 0199.',
        supportUrl: 'mailto:help@example.org',
      },
    }),
    accounts,
    logger,
  });
  return { app, accounts, lines };
}

const mustChange: SignInOutcome = {
  status: 'must_change',
  session: { token: SESSION, expiresAt: new Date(Date.now() + 15 * 60_000), purpose: 'set_password' },
};

/** Signs in with an expired password and returns the cookies the browser would now hold. */
async function signInExpired(
  app: ReturnType<typeof appWith>['app'],
): Promise<{ cookie: string; token: string }> {
  const form = await openForm(app, '/signin');
  const response = await submitForm(app, form, { email: EMAIL, currentPassword: OLD }, { path: '/signin' });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toBe('/signin/new-password');
  const session = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { cookie: `${form.cookie}; ${session}`, token: form.token };
}

describe('GET /signin', () => {
  it('answers HEAD with a body type it cannot read like GET, not with a 500', async () => {
    const { app, lines } = appWith([]);
    const response = await app.request('/signin?from=https%3A%2F%2Fwww.office.com%2F', {
      method: 'HEAD',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
    });
    expect(response.status).toBe(200);
    expect(lines.filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('renders a labelled sign-in form with links to the other doors', async () => {
    const { app } = appWith([]);
    const response = await app.request('/signin');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('<label class="field__label" for="email">E-mail address</label>');
    expect(html).toContain('<label class="field__label" for="current-password">Password</label>');
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/signin"/);
    expect(html).toContain('<a href="/reset">Forgot your password?</a>');
    expect(html).toContain('href="/change"');
  });
});

describe('POST /signin', () => {
  it('gives an expired password a set-password session cookie and sends it to /signin/new-password', async () => {
    const { app, accounts } = appWith([mustChange]);
    const form = await openForm(app, '/signin');
    const response = await submitForm(app, form, { email: EMAIL, currentPassword: OLD }, { path: '/signin' });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^pg_session=${SESSION};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(accounts.asked[0]).toMatchObject({ method: 'signIn', input: { email: EMAIL, password: OLD } });
  });

  it('names the cookie __Host- and marks it Secure over https', async () => {
    const accounts = new ScriptedAccounts();
    accounts.signIns.push(mustChange);
    const app = createApp({
      config: webTestConfig({ publicUrl: 'https://passwords.example.org' }),
      accounts,
      logger: capturingLogger().logger,
    });
    const page = await app.request('https://passwords.example.org/signin');
    const csrf = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
    const response = await app.request('https://passwords.example.org/signin', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: csrf,
        Origin: 'https://passwords.example.org',
      },
      body: new URLSearchParams({ _csrf: token, email: EMAIL, currentPassword: OLD }).toString(),
    });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-pg_session=/);
    expect(cookie).toContain('Secure');
  });

  it('says a current password is fine and offers the change page', async () => {
    const { app } = appWith([{ status: 'ok' }]);
    const form = await openForm(app, '/signin');
    const response = await submitForm(app, form, { email: EMAIL, currentPassword: OLD }, { path: '/signin' });
    const html = await response.text();
    expect(response.status).toBe(200);
    // No session (there is nothing to do), but this browser is remembered for the account's lockout.
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).not.toContain('pg_session');
    expect(cookie).toMatch(
      /^passgate-device=[\w-]{22}\.[\w-]{22}; Max-Age=15552000; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(html).toContain('Your password is still valid');
    expect(html).toContain('href="/change"');
  });

  it('remembers this browser at the password it proved, not at one accepted while it was checked', async () => {
    const { app, accounts } = appWith([{ status: 'ok' }], {
      status: 'applied',
      microsoft365: true,
      version: 2,
    });
    // The owner changes the password while this sign-in with the old one is checked.
    const signIn = accounts.signIn.bind(accounts);
    accounts.signIn = async (input) => {
      accounts.epoch = 1;
      return signIn(input);
    };
    const form = await openForm(app, '/signin');
    const signedIn = await submitForm(app, form, { email: EMAIL, currentPassword: OLD }, { path: '/signin' });
    const device = (signedIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(device).toMatch(/^passgate-device=/);
    const change = await openForm(app, '/change');
    const fields = { email: EMAIL, currentPassword: OLD, newPassword: NEXT, confirmPassword: NEXT };
    await submitForm(app, { ...change, cookie: `${change.cookie}; ${device}` }, fields);
    // No standing on the owner's new password: this browser's guesses count as a stranger's.
    expect(accounts.calls).toHaveLength(1);
    expect(accounts.calls[0]?.device).toBeUndefined();
  });

  it('leads back to where the person came from when their password is still valid', async () => {
    const { app } = appWith([{ status: 'ok' }]);
    const from = `${LEGACY}?ru=https%3A%2F%2Fwww.office.com%2F`;
    const form = await openForm(app, `/signin?from=${encodeURIComponent(from)}`);
    const fields = { email: EMAIL, currentPassword: OLD, from };
    const html = await (await submitForm(app, form, fields, { path: '/signin' })).text();
    expect(html).toContain('Your password is still valid');
    expect(html).toContain('href="https://www.office.com/">Back to where you were</a>');
  });

  it('refuses wrong credentials with the table words, linked to the password field, keeping the e-mail', async () => {
    const { app } = appWith([{ status: 'refused', refusals: [{ code: 'INVALID_CREDENTIALS' }] }]);
    const form = await openForm(app, '/signin');
    const response = await submitForm(app, form, { email: EMAIL, currentPassword: OLD }, { path: '/signin' });
    const html = await response.text();
    expect(response.status).toBe(401);
    expect(html).toContain(
      '<a href="#current-password">The e-mail address or current password is not right.',
    );
    // The hint for people with no password yet, in the same words for everyone (no account enumeration).
    expect(html).toContain('New here? Use the link in your welcome e-mail');
    expect(html).toContain(`value="${EMAIL}"`);
    expect(html).not.toContain(OLD);
    expect(html).toContain('<title>Error: Sign in');
  });

  it('keeps the way back the form carried when it refuses the password', async () => {
    const { app } = appWith([{ status: 'refused', refusals: [{ code: 'INVALID_CREDENTIALS' }] }]);
    const form = await openForm(app, `/signin?from=${encodeURIComponent(LEGACY)}`);
    expect(form.html).toContain(`<input type="hidden" name="from" value="${LEGACY}"/>`);
    const fields = { email: EMAIL, currentPassword: OLD, from: LEGACY };
    const html = await (await submitForm(app, form, fields, { path: '/signin' })).text();
    expect(html).toContain(`<input type="hidden" name="from" value="${LEGACY}"/>`);
    const elsewhere = { ...fields, from: 'javascript:alert(1)' };
    expect(await (await submitForm(app, form, elsewhere, { path: '/signin' })).text()).not.toContain(
      'name="from"',
    );
  });

  it('tells a suspended account to contact support, with the configured text and link', async () => {
    const { app } = appWith([{ status: 'refused', refusals: [{ code: 'ACCOUNT_SUSPENDED' }] }]);
    const form = await openForm(app, '/signin');
    const response = await submitForm(app, form, { email: EMAIL, currentPassword: OLD }, { path: '/signin' });
    const html = await response.text();
    expect(response.status).toBe(403);
    expect(html).toContain('Your account is suspended');
    expect(html).toMatch(
      /class="support-notice"[\s\S]*Call the help desk on 0100 555 0199\.[\s\S]*href="mailto:help@example.org"/,
    );
  });

  it('asks for missing fields without asking the service', async () => {
    const { app, accounts } = appWith([]);
    const form = await openForm(app, '/signin');
    const response = await submitForm(app, form, { email: '', currentPassword: '' }, { path: '/signin' });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('<a href="#email">Enter your e-mail address.</a>');
    expect(html).toContain('<a href="#current-password">Enter your current password.</a>');
    expect(accounts.asked).toEqual([]);
  });
});

describe('the way back of an expired sign-in', () => {
  const FROM = `${LEGACY}?BrandContextID=O1&ru=https%3A%2F%2Fwww.office.com%2F`;

  /** Signs in from FROM at the app's clock, sets the password `minutes` later; the done page's way back. */
  async function renewed(minutes: number): Promise<string | null> {
    let clock = Date.parse('2030-01-01T08:00:00Z');
    const accounts = new ScriptedAccounts({ status: 'applied', microsoft365: true, version: 1 });
    accounts.signIns.push(mustChange);
    const app = createApp({
      config: webTestConfig(),
      accounts,
      logger: capturingLogger().logger,
      now: () => new Date(clock),
    });
    const form = await openForm(app, `/signin?from=${encodeURIComponent(FROM)}`);
    const signedIn = await submitForm(
      app,
      form,
      { email: EMAIL, currentPassword: OLD, from: FROM },
      { path: '/signin' },
    );
    const set = signedIn.headers.getSetCookie().map((line) => line.split(';')[0] ?? '');
    const cookie = [form.cookie, ...set].join('; ');
    clock += minutes * 60_000;
    const posted = await submitForm(
      app,
      { cookie, token: form.token },
      { newPassword: NEXT, confirmPassword: NEXT },
      { path: '/signin/new-password' },
    );
    const html = await (await followSeeOther(app, posted, cookie)).text();
    return /href="([^"]*)">Back to where you were</.exec(html)?.[1] ?? null;
  }

  it("leads back to Microsoft's return address, kept for an hour by the app's own clock", async () => {
    expect(await renewed(59)).toBe('https://www.office.com/');
    expect(await renewed(61)).toBeNull();
  });
});

describe('/signin/new-password', () => {
  it('shows the new-password form, without a current-password field, only with the session', async () => {
    const { app } = appWith([mustChange]);
    const cookies = await signInExpired(app);
    const response = await app.request('/signin/new-password', { headers: { Cookie: cookies.cookie } });
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('Choose a new password');
    expect(html).toContain(EMAIL);
    expect(html).toContain('id="new-password-requirements"');
    expect(html).toContain('for="new-password"');
    expect(html).toContain('for="confirm-password"');
    expect(html).not.toContain('for="current-password"');
    expect(html).toMatch(/<form[^>]*action="\/signin\/new-password"/);
  });

  it('without the session says the sign-in expired and links to /signin', async () => {
    const { app } = appWith([]);
    for (const cookie of [undefined, 'pg_session=unknown-token-0123456789']) {
      const response = await app.request(
        '/signin/new-password',
        cookie ? { headers: { Cookie: cookie } } : {},
      );
      const html = await response.text();
      expect(response.status).toBe(401);
      expect(html).toContain('Your sign-in has expired');
      expect(html).toContain('href="/signin"');
      expect(html).not.toContain('name="newPassword"');
    }
  });

  it('sets the password, ends the session cookie and says Microsoft 365 uses it', async () => {
    const { app, accounts } = appWith([mustChange], { status: 'applied', microsoft365: true, version: 1 });
    const cookies = await signInExpired(app);
    const posted = await submitForm(
      app,
      cookies,
      { newPassword: NEXT, confirmPassword: NEXT },
      { path: '/signin/new-password' },
    );
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/signin/done');
    expect(posted.headers.get('set-cookie')).toMatch(/^pg_session=;.*Max-Age=0/);
    const response = await followSeeOther(app, posted, cookies.cookie);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('Microsoft 365 now uses your new password and you can sign in again');
    expect(html).toContain(
      '<a class="button" href="https://login.microsoftonline.com/">Sign in to Microsoft 365</a>',
    );
    expect(accounts.asked.at(-1)).toMatchObject({
      method: 'setPasswordWithSession',
      input: { sessionToken: SESSION, newPassword: NEXT },
    });
  });

  it('keeps the session and shows the policy words when the new password is refused', async () => {
    const { app } = appWith([mustChange], {
      status: 'refused',
      refusals: [{ code: 'TOO_SHORT' }],
    });
    const cookies = await signInExpired(app);
    const response = await submitForm(
      app,
      cookies,
      { newPassword: 'short', confirmPassword: 'short' },
      { path: '/signin/new-password' },
    );
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('<a href="#new-password">');
    expect(html).not.toContain('value="short"');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses different new passwords before asking the service', async () => {
    const { app, accounts } = appWith([mustChange]);
    const cookies = await signInExpired(app);
    const response = await submitForm(
      app,
      cookies,
      { newPassword: NEXT, confirmPassword: `${NEXT}x` },
      { path: '/signin/new-password' },
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toContain(
      '<a href="#confirm-password">The two new passwords are different.',
    );
    expect(accounts.asked.map((call) => call.method)).not.toContain('setPasswordWithSession');
  });

  it('is the only page the session opens: /change still asks for the current password', async () => {
    const { app, accounts } = appWith([mustChange], {
      status: 'refused',
      refusals: [{ code: 'INVALID_CREDENTIALS' }],
    });
    const cookies = await signInExpired(app);
    const response = await submitForm(app, cookies, {
      email: EMAIL,
      currentPassword: 'wrong',
      newPassword: NEXT,
      confirmPassword: NEXT,
    });
    expect(response.status).toBe(401);
    expect(accounts.asked.at(-1)).toMatchObject({
      method: 'changePassword',
      input: { currentPassword: 'wrong' },
    });
    const reset = await app.request('/reset/confirm', { headers: { Cookie: cookies.cookie } });
    expect(reset.status).toBe(410);
  });
});
