import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  followSeeOther,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import type { ChangeOutcome, LinkPurpose } from '../accounts/account-service.js';
import { createApp } from '../app.js';

const TOKEN = 'LiNk-token-abcdefghijklmnopqrstuvwxyz0123456789';
const NEXT = 'Kettle-Harbour-Violet-93';
const PATHS: Record<LinkPurpose, string> = { reset: '/reset/confirm', activation: '/activate' };

function appWith(purpose: LinkPurpose, ...outcomes: ChangeOutcome[]) {
  const accounts = new ScriptedAccounts(...outcomes);
  accounts.links.set(TOKEN, {
    email: 'ada@example.org',
    displayName: 'Ada Lovelace',
    purpose,
    expiresAt: new Date(Date.now() + 30 * 60_000),
  });
  const { logger, lines } = capturingLogger();
  const app = createApp({ config: webTestConfig(), accounts, logger });
  return { app, accounts, lines };
}

async function openLink(app: ReturnType<typeof appWith>['app'], path: string) {
  const response = await app.request(path);
  const html = await response.text();
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { response, html, cookie, token };
}

describe.each(['reset', 'activation'] as const)('the %s link pages', (purpose) => {
  const path = PATHS[purpose];

  it('shows the new-password form for a valid link, carrying the token in a hidden field', async () => {
    const { app } = appWith(purpose);
    const { response, html } = await openLink(app, `${path}?token=${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin');
    expect(html).toContain(`<input type="hidden" name="token" value="${TOKEN}"/>`);
    expect(html).toMatch(new RegExp(`<form[^>]*action="${path}"`));
    expect(html).toContain('ada@example.org');
    expect(html).toContain('id="new-password-requirements"');
    expect(html).not.toContain('for="current-password"');
    expect(html).toContain(purpose === 'activation' ? 'Welcome, Ada Lovelace' : 'Choose a new password');
    // A first password has no earlier ones to repeat: the history rule is listed for a reset only.
    const listed = /<li class="requirement[^"]*">(?:(?!<\/li>).)*Not one of your last/.test(html);
    expect(listed).toBe(purpose === 'reset');
  });

  it.each([
    ['unknown', 'Unknown-token-0000000000000000000000000000'],
    ['missing', ''],
  ])('says an %s link expired or was used, and offers /reset', async (_kind, token) => {
    const { app } = appWith(purpose);
    const { response, html } = await openLink(app, `${path}?token=${token}`);
    expect(response.status).toBe(410);
    expect(html).toContain('This link has expired or was already used');
    expect(html).toContain('Request a new link');
    expect(html).toContain('href="/reset"');
    expect(html).not.toContain('name="newPassword"');
    // A suspended account's link ends here too (the service answers null): the page says who can help.
    expect(html).toContain('class="support-notice"');
  });

  it('does not honour a link of the other purpose', async () => {
    const { app } = appWith(purpose);
    const other = purpose === 'reset' ? PATHS.activation : PATHS.reset;
    expect((await app.request(`${other}?token=${TOKEN}`)).status).toBe(410);
  });

  it('sets the password once; the used link then shows the expired page; the token is never logged', async () => {
    const { app, accounts, lines } = appWith(purpose, { status: 'applied', microsoft365: true, version: 1 });
    const opened = await openLink(app, `${path}?token=${TOKEN}`);
    const fields = { token: TOKEN, newPassword: NEXT, confirmPassword: NEXT };
    const posted = await submitForm(app, opened, fields, { path });
    expect(posted.status).toBe(303);
    const response = await followSeeOther(app, posted, opened.cookie);
    const html = await response.text();
    expect(response.status).toBe(200);
    // A first password (activation) is not a sign-in "again".
    expect(html).toContain(
      purpose === 'reset'
        ? 'Microsoft 365 now uses your new password and you can sign in again'
        : 'Microsoft 365 now uses your password: sign in with it.',
    );
    if (purpose === 'activation') expect(html).not.toContain('again');
    expect(accounts.asked.at(-1)).toMatchObject({
      method: 'setPasswordWithLink',
      input: { token: TOKEN, purpose, newPassword: NEXT },
    });
    const again = await submitForm(app, opened, fields, { path });
    expect(again.status).toBe(410);
    expect((await app.request(`${path}?token=${TOKEN}`)).status).toBe(410);
    expect(lines.some((line) => line.includes(`"path":"${path}"`))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(NEXT);
    }
  });

  it('shows refusals on the form and keeps the token', async () => {
    const { app } = appWith(purpose, { status: 'refused', refusals: [{ code: 'REUSED' }] });
    const opened = await openLink(app, `${path}?token=${TOKEN}`);
    const response = await submitForm(
      app,
      opened,
      { token: TOKEN, newPassword: NEXT, confirmPassword: NEXT },
      { path },
    );
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('<a href="#new-password">');
    expect(html).toContain(`name="token" value="${TOKEN}"`);
    expect(html).not.toContain(NEXT);
  });

  it('tells a suspended account to contact support', async () => {
    const { app } = appWith(purpose, {
      status: 'refused',
      refusals: [{ code: 'ACCOUNT_SUSPENDED' }],
    });
    const opened = await openLink(app, `${path}?token=${TOKEN}`);
    const response = await submitForm(
      app,
      opened,
      { token: TOKEN, newPassword: NEXT, confirmPassword: NEXT },
      { path },
    );
    const html = await response.text();
    expect(response.status).toBe(403);
    expect(html).toContain('Your account is suspended');
    expect(html).toContain('Contact IT support');
  });
});
