import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  followSeeOther,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import type { ChangeOutcome } from '../accounts/account-service.js';
import { createApp } from '../app.js';
import type { WebConfig } from '../http/web-config.js';

const EMAIL = 'ada@example.org';
const CURRENT = 'Old-Password-2024!';
const NEXT = 'Kettle-Harbour-Violet-93';
const TOKEN = 'LiNk-token-abcdefghijklmnopqrstuvwxyz0123456789';
const changeForm = { email: EMAIL, currentPassword: CURRENT, newPassword: NEXT, confirmPassword: NEXT };
const LEGACY = 'https://account.activedirectory.windowsazure.com/ChangePassword.aspx';

function appWith(outcomes: ChangeOutcome[], config: Partial<WebConfig> = {}) {
  const accounts = new ScriptedAccounts(...outcomes);
  const { logger, lines } = capturingLogger();
  const app = createApp({ config: webTestConfig(config), accounts, logger });
  return { app, accounts, lines };
}

/** Changes the password from `from` and opens the page the 303 leads to, as a browser does. */
async function changeFrom(app: ReturnType<typeof appWith>['app'], from: string | null) {
  const form = await openForm(app, from === null ? '/change' : `/change?from=${encodeURIComponent(from)}`);
  const posted = await submitForm(app, form, from === null ? changeForm : { ...changeForm, from });
  const page = await followSeeOther(app, posted, form.cookie);
  const outcomeCookie =
    (posted.headers.getSetCookie().find((line) => line.startsWith('pg_done=')) ?? '').split(';')[0] ?? '';
  return { posted, page, html: await page.text(), cookie: `${form.cookie}; ${outcomeCookie}`, outcomeCookie };
}

const backLink = (html: string): string | null =>
  /<a class="button button--secondary" href="([^"]*)">Back to where you were<\/a>/.exec(html)?.[1] ?? null;

describe('the outcome page after /change (post/redirect/get)', () => {
  it('answers the POST with 303 to GET /change/done, which a reload shows again without posting', async () => {
    const { app, accounts } = appWith([{ status: 'applied', microsoft365: true, version: 1 }]);
    const { posted, page, html, cookie } = await changeFrom(app, null);
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/change/done');
    expect(page.status).toBe(200);
    expect(html).toContain('Your password has been changed');
    const reload = await app.request('/change/done', { headers: { Cookie: cookie } });
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain('Your password has been changed');
    // One change asked of the service, whatever the reloads.
    expect(accounts.calls).toHaveLength(1);
  });

  it('keeps the queued state: 202 and "still on its way" words on the GET', async () => {
    const { app } = appWith([{ status: 'queued', version: 1 }]);
    const { page, html } = await changeFrom(app, null);
    expect(page.status).toBe(202);
    expect(html).toContain('Saved; Microsoft 365 will take it within minutes.');
    expect(html).toContain('href="https://login.microsoftonline.com/">Sign in to Microsoft 365</a>');
  });

  it('carries no e-mail address, password or readable outcome in the cookie or the URL', async () => {
    const { app } = appWith([{ status: 'applied', microsoft365: true, version: 1 }]);
    const { posted, outcomeCookie } = await changeFrom(app, `${LEGACY}?ru=https%3A%2F%2Fwww.office.com%2F`);
    const setCookie = posted.headers.getSetCookie().find((line) => line.startsWith('pg_done=')) ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toMatch(/Max-Age/i);
    for (const secret of [EMAIL, 'ada', CURRENT, NEXT, 'applied', 'office.com']) {
      expect(outcomeCookie).not.toContain(secret);
      expect(posted.headers.get('location')).not.toContain(secret);
    }
  });

  it('leads on to Microsoft 365 sign-in and back to Microsoft’s own return address', async () => {
    const { app } = appWith([{ status: 'applied', microsoft365: true, version: 1 }]);
    const { html } = await changeFrom(
      app,
      `${LEGACY}?BrandContextID=O1&ru=https%3A%2F%2Fwww.office.com%2F%3Fa%3D1`,
    );
    expect(html).toContain(
      '<a class="button" href="https://login.microsoftonline.com/">Sign in to Microsoft 365</a>',
    );
    expect(backLink(html)).toBe('https://www.office.com/');
  });

  it('goes back to the Microsoft site they came from when its ru is not Microsoft’s', async () => {
    for (const ru of [
      'https://evil.example/',
      'javascript:alert(1)',
      '//evil.example/',
      'https://www.office.com@evil.example/',
    ]) {
      const { app } = appWith([{ status: 'applied', microsoft365: true, version: 1 }]);
      const { html } = await changeFrom(app, `${LEGACY}?ru=${encodeURIComponent(ru)}`);
      expect(backLink(html)).toBe('https://account.activedirectory.windowsazure.com/');
      expect(html).not.toContain('evil.example/"');
      expect(html).not.toContain('href="javascript');
    }
  });

  it('offers no way back to an address that is not Microsoft’s', async () => {
    for (const from of [
      'https://evil.example/?ru=https%3A%2F%2Fwww.office.com%2F',
      'http://www.office.com/',
      'https://www.office.com.evil.example/',
      'https://xn--ffice-3ve.com/',
    ]) {
      const { app } = appWith([{ status: 'applied', microsoft365: true, version: 1 }]);
      const { html } = await changeFrom(app, from);
      expect(backLink(html)).toBeNull();
      expect(html).toContain('Sign in to Microsoft 365');
    }
  });

  it("points to the sign-in of the person's tenant's cloud", async () => {
    const { app } = appWith([{ status: 'applied', microsoft365: true, version: 1 }], {
      tenants: [{ domains: ['example.org'], graph: { cloud: 'usgov-high' } }],
    });
    const { html } = await changeFrom(app, null);
    expect(html).toContain('href="https://login.microsoftonline.us/">Sign in to Microsoft 365</a>');
  });

  it('offers no Microsoft 365 sign-in to someone Microsoft 365 does not know', async () => {
    const { app } = appWith([{ status: 'applied', microsoft365: false, version: 1 }]);
    const { html } = await changeFrom(app, null);
    expect(html).toContain('Your portal password has changed.');
    expect(html).not.toContain('Sign in to Microsoft 365');
  });
});

describe('an outcome page opened without its outcome', () => {
  it.each([
    ['/change/done', '/change'],
    ['/signin/done', '/signin'],
    ['/activate/done', '/change'],
    ['/reset/done', '/reset'],
  ])('%s is a neutral 200 page linking to %s', async (path, start) => {
    const { app } = appWith([]);
    const response = await app.request(path);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('Nothing to show here');
    expect(html).toContain(`href="${start}"`);
    expect(html).not.toContain('has been changed');
  });

  it('shows nothing for another journey’s outcome, nor for an altered one', async () => {
    const { app } = appWith([{ status: 'applied', microsoft365: true, version: 1 }]);
    const { outcomeCookie } = await changeFrom(app, null);
    const other = await app.request('/reset/done', { headers: { Cookie: outcomeCookie } });
    expect(await other.text()).toContain('Nothing to show here');
    const value = outcomeCookie.slice('pg_done='.length);
    // The last character but one, which always carries six bits of the sealed bytes (the last may carry
    // unused ones), replaced by one it is not.
    const at = value.length - 2;
    const altered = `pg_done=${value.slice(0, at)}${value[at] === 'A' ? 'B' : 'A'}${value.slice(at + 1)}`;
    expect(altered).not.toBe(outcomeCookie);
    const forged = await app.request('/change/done', { headers: { Cookie: altered } });
    expect(forged.status).toBe(200);
    expect(await forged.text()).toContain('Nothing to show here');
  });
});

describe('the first password from a welcome link', () => {
  function linkApp(purpose: 'activation' | 'reset') {
    const made = appWith([{ status: 'applied', microsoft365: true, version: 1 }]);
    made.accounts.links.set(TOKEN, {
      email: EMAIL,
      displayName: 'Ada Lovelace',
      purpose,
      expiresAt: new Date(Date.now() + 30 * 60_000),
    });
    return made;
  }

  it('does not list "Not one of your last N passwords" (a reset link does)', async () => {
    // Both lists: what the browser ticks, and what is checked when the form is sent.
    const listOf = (html: string): string =>
      [...html.matchAll(/<ul class="requirements__list">.*?<\/ul>/gs)].map((m) => m[0]).join('');
    const activation = await (await linkApp('activation').app.request(`/activate?token=${TOKEN}`)).text();
    expect(activation).toContain('Set your password');
    expect(listOf(activation)).toContain('At least 12 characters');
    expect(listOf(activation)).not.toContain('Not one of your last');
    // Nor does the island tick it: the requirements it is given leave it out too.
    expect(activation).not.toContain('"code":"REUSED"');
    const reset = await (await linkApp('reset').app.request(`/reset/confirm?token=${TOKEN}`)).text();
    expect(listOf(reset)).toContain('Not one of your last 5 passwords');
  });

  it('ends on /activate/done without "sign in again"', async () => {
    const { app } = linkApp('activation');
    const form = await openForm(app, `/activate?token=${TOKEN}`);
    const posted = await submitForm(
      app,
      form,
      { token: TOKEN, newPassword: NEXT, confirmPassword: NEXT },
      { path: '/activate' },
    );
    expect(posted.headers.get('location')).toBe('/activate/done');
    const html = await (await followSeeOther(app, posted, form.cookie)).text();
    expect(html).toContain('Your password is set');
    expect(html).toContain('Microsoft 365 now uses your password: sign in with it.');
    expect(html).not.toMatch(/sign in again/i);
    expect(html).toContain('Sign in to Microsoft 365');
  });
});
