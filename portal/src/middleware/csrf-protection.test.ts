import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  PUBLIC_ORIGIN,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';
import { csrfProtection } from './csrf-protection.js';

const form = {
  email: 'ada@example.org',
  currentPassword: 'Old-Password-2024!',
  newPassword: 'Kettle-Harbour-Violet-93',
  confirmPassword: 'Kettle-Harbour-Violet-93',
};

function setup(now?: () => number) {
  const accounts = new ScriptedAccounts({ status: 'applied', microsoft365: true, version: 1 });
  const { logger, lines } = capturingLogger();
  const app = createApp({ config: webTestConfig(), accounts, logger });
  return { app, accounts, lines, now };
}

async function expectRefused(response: Response, accounts: ScriptedAccounts): Promise<void> {
  expect(response.status).toBe(403);
  const html = await response.text();
  expect(html).toContain('This form has expired');
  expect(html).toContain('Nothing has changed.');
  expect(accounts.calls).toHaveLength(0);
}

describe('csrfProtection()', () => {
  it('accepts a form posted from the portal with its own token', async () => {
    const { app, accounts } = setup();
    const response = await submitForm(app, await openForm(app), form);
    // Accepted: on to the outcome page (post/redirect/get).
    expect(response.status).toBe(303);
    expect(accounts.calls).toHaveLength(1);
  });

  it('sets an HttpOnly SameSite=Strict cookie, Secure with the __Host- prefix over https', async () => {
    const { app } = setup();
    expect((await app.request('/change')).headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict$/);
    const httpsApp = createApp({
      config: webTestConfig({ publicUrl: 'https://passwords.example.org' }),
      accounts: new ScriptedAccounts(),
      logger: capturingLogger().logger,
    });
    const cookie = (await httpsApp.request('https://passwords.example.org/change')).headers.get('set-cookie');
    expect(cookie).toMatch(/^__Host-passgate-csrf=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  });

  it('refuses a form without a token and changes nothing', async () => {
    const { app, accounts } = setup();
    const session = await openForm(app);
    await expectRefused(await submitForm(app, { ...session, token: '' }, form), accounts);
  });

  it('refuses a token signed for another cookie', async () => {
    const { app, accounts } = setup();
    const mine = await openForm(app);
    const theirs = await openForm(app);
    await expectRefused(await submitForm(app, { cookie: mine.cookie, token: theirs.token }, form), accounts);
  });

  it('refuses a tampered token', async () => {
    const { app, accounts } = setup();
    const session = await openForm(app);
    // Change a decoded byte, not a character: the last base64url character of a 32-byte signature
    // carries 2 unused bits, so swapping it (A for B) left the bytes, and the token, valid 1 time in 16.
    const [issuedAt, signature] = session.token.split('.');
    const bytes = Buffer.from(signature ?? '', 'base64url');
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x01, bytes.length - 1);
    const token = `${issuedAt}.${bytes.toString('base64url')}`;
    await expectRefused(await submitForm(app, { ...session, token }, form), accounts);
  });

  it('refuses a form without the cookie', async () => {
    const { app, accounts } = setup();
    const session = await openForm(app);
    await expectRefused(await submitForm(app, { ...session, cookie: '' }, form), accounts);
  });

  it('refuses a form posted from a foreign origin, even with a valid token', async () => {
    const { app, accounts, lines } = setup();
    const session = await openForm(app);
    await expectRefused(await submitForm(app, session, form, { origin: 'https://evil.example' }), accounts);
    expect(lines.join('')).toContain('foreign-origin');
  });

  it('accepts the public https origin when a TLS proxy forwards plain http with the Host it was asked for', async () => {
    const accounts = new ScriptedAccounts({ status: 'queued', version: 1 });
    const app = createApp({
      config: webTestConfig({ publicUrl: 'https://passwords.example.org', trustProxy: true }),
      accounts,
      logger: capturingLogger().logger,
    });
    const session = await openForm(app, 'http://passwords.example.org/change');
    const response = await submitForm(app, session, form, {
      path: 'http://passwords.example.org/change',
      origin: 'https://passwords.example.org',
    });
    expect(response.status).toBe(303);
    expect(accounts.calls).toHaveLength(1);
  });

  it('refuses a form that names no origin at all', async () => {
    const { app, accounts } = setup();
    await expectRefused(await submitForm(app, await openForm(app), form, { origin: null }), accounts);
  });

  it('falls back to the Referer when a browser sends no Origin', async () => {
    const { app, accounts } = setup();
    const response = await submitForm(app, await openForm(app), form, {
      origin: null,
      headers: { Referer: `${PUBLIC_ORIGIN}/change` },
    });
    expect(response.status).toBe(303);
    expect(accounts.calls).toHaveLength(1);
  });

  it('refuses a token older than its maximum age', async () => {
    let now = Date.parse('2026-01-01T10:00:00Z');
    const { Hono } = await import('hono');
    const app = new Hono();
    app.use(csrfProtection({ secretKey: Buffer.alloc(32, 1), publicUrl: PUBLIC_ORIGIN, now: () => now }));
    app.get('/form', (c) => c.text(c.var.csrfToken));
    app.post('/form', (c) => c.text('accepted'));
    app.onError((error, c) => c.text(error.message, 403));
    const first = await app.request('/form');
    const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const post = (token: string) =>
      app.request('/form', {
        method: 'POST',
        headers: {
          Cookie: cookie,
          Origin: PUBLIC_ORIGIN,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ _csrf: token }).toString(),
      });
    const token = await first.text();
    now += 60 * 60 * 1000;
    expect(await (await post(token)).text()).toBe('accepted');
    now += 2 * 60 * 60 * 1000;
    expect(await (await post(token)).text()).toBe('FORM_EXPIRED');
  });

  it('throws when created with a short key', () => {
    expect(() => csrfProtection({ secretKey: Buffer.alloc(16), publicUrl: PUBLIC_ORIGIN })).toThrow(
      /32 bytes/,
    );
  });
});
