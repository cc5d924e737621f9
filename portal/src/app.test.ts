import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../test-support/web-test-kit.js';
import { createApp, MAX_BODY_BYTES } from './app.js';

function appWith(overrides: Parameters<typeof webTestConfig>[0] = {}) {
  const accounts = new ScriptedAccounts();
  const { logger, lines } = capturingLogger();
  const deps = { config: webTestConfig(overrides), accounts, logger };
  return { app: createApp(deps), accounts, lines };
}

describe('createApp()', () => {
  it('sends a strict Content-Security-Policy and the other secure headers', async () => {
    const { app } = appWith();
    const headers = (await app.request('/change')).headers;
    const csp = headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('strict-origin');
    expect(headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('adds HSTS only when the portal is served over https', async () => {
    expect((await appWith().app.request('/change')).headers.get('strict-transport-security')).toBeNull();
    const { app } = appWith({ publicUrl: 'https://passwords.example.org' });
    expect(
      (await app.request('https://passwords.example.org/change')).headers.get('strict-transport-security'),
    ).toMatch(/max-age=31536000/);
  });

  it('redirects / to the change form', async () => {
    const response = await appWith().app.request('/');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/change');
  });

  it('answers an unknown path with a friendly 404 page', async () => {
    const response = await appWith().app.request('/no/such/page');
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('Page not found');
    expect(html).toContain('href="/change"');
  });

  it('serves the stylesheet named in the page, cacheable for a year at its versioned URL', async () => {
    const { app } = appWith();
    const html = await (await app.request('/change')).text();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(href).toMatch(/^\/assets\/passgate\.css\?v=[0-9a-f]{12}$/);
    const css = await app.request(href);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await app.request('/assets/passgate.css?v=old')).headers.get('cache-control')).toContain(
      'must-revalidate',
    );
  });

  it('shows the organisation logo from config at a fixed path, and the demo banner in demo mode', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'passgate-logo-'));
    const logoPath = join(dir, 'logo.svg');
    writeFileSync(logoPath, '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    const { app } = appWith({
      demo: true,
      organisation: {
        name: 'Contoso',
        logoPath,
        supportText: 'Call 0100 on weekdays.',
        supportUrl: 'javascript:x',
      },
    });
    const html = await (await app.request('/change')).text();
    expect(html).toMatch(
      /<img class="site-header__logo" src="\/branding\/logo\?v=[0-9a-f]{12}" alt(="")?\/?>/,
    );
    expect(html).toContain('Microsoft 365 is emulated');
    expect(html).toContain('Call 0100 on weekdays.');
    expect(html).not.toContain('javascript:x');
    const logo = await app.request('/branding/logo');
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
  });

  it('refuses to start with a logo it cannot read', () => {
    const organisation = {
      name: 'X',
      logoPath: '/nonexistent/logo.png',
      supportText: null,
      supportUrl: null,
    };
    expect(() => appWith({ organisation })).toThrow(/organisation.logoPath: cannot read/);
  });

  it('refuses a body over the limit before anyone reads it', async () => {
    const { app, accounts } = appWith();
    const session = await openForm(app);
    const response = await submitForm(app, session, {
      email: 'a@example.org',
      padding: 'x'.repeat(MAX_BODY_BYTES),
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Too much data');
    expect(accounts.calls).toHaveLength(0);
  });

  it('closes the connection after a 413, so the unread rest of the body is never taken for a request', async () => {
    const { app } = appWith();
    const session = await openForm(app);
    const declared = await submitForm(app, session, { padding: 'x'.repeat(MAX_BODY_BYTES) });
    expect(declared.status).toBe(413);
    expect(declared.headers.get('connection')).toBe('close');
    // Without Content-Length (chunked), the limit is found while reading.
    const bytes = new TextEncoder().encode(`_csrf=${session.token}&padding=${'x'.repeat(MAX_BODY_BYTES)}`);
    const streamed = await app.request('/change', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: session.cookie,
        Origin: 'http://localhost',
      },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(streamed.headers.get('connection')).toBe('close');
  });

  it('logs an unexpected error once, as a 500 with the request id shown on the page', async () => {
    const { app, lines } = appWith();
    const session = await openForm(app);
    // ScriptedAccounts without outcomes throws: an unexpected failure in the service.
    const form = { email: 'a@example.org', currentPassword: 'a', newPassword: 'b', confirmPassword: 'b' };
    const response = await submitForm(app, session, form);
    expect(response.status).toBe(500);
    const requestId = response.headers.get('x-request-id') ?? '';
    expect(await response.text()).toContain(`<code>${requestId}</code>`);
    const errors = lines.filter((line) => line.includes('unhandled error'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(requestId);
  });

  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC']) {
    it(`answers ${code} from any service as SAVE_FAILED: 503, words to act on, a reference`, async () => {
      const { app, accounts, lines } = appWith();
      accounts.changePassword = async () => {
        throw new SQLite.SqliteError(
          code === 'SQLITE_FULL' ? 'database or disk is full' : 'disk I/O error',
          code,
        );
      };
      const session = await openForm(app);
      const form = {
        email: 'a@example.org',
        currentPassword: 'Old-Password-2024!',
        newPassword: 'Kettle-Harbour-Violet-93',
        confirmPassword: 'Kettle-Harbour-Violet-93',
      };
      const response = await submitForm(app, session, form);
      expect(response.status).toBe(503);
      const html = await response.text();
      expect(html).toContain('Your request could not be saved');
      expect(html).toContain(
        'Nothing has changed: your password is the same as before. Try again in a few minutes.',
      );
      const requestId = response.headers.get('x-request-id') ?? '';
      expect(html).toContain(`<code>${requestId}</code>`);
      // Logged once for the admin, saying which fault; never as an unhandled 500, never with the form.
      const logged = lines.filter((line) => line.includes('could not save'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(code === 'SQLITE_FULL' ? '"fault":"full"' : '"fault":"io-error"');
      expect(lines.join('')).not.toContain('unhandled error');
      expect(lines.join('')).not.toContain('Kettle-Harbour');
    });
  }
});
