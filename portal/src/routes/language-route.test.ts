import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';
import type { WebConfig } from '../http/web-config.js';

function appWith(config: Partial<WebConfig> = {}) {
  const { logger } = capturingLogger();
  return createApp({ config: { ...webTestConfig(), ...config }, accounts: new ScriptedAccounts(), logger });
}

async function page(app: ReturnType<typeof appWith>, headers: Record<string, string>, path = '/change') {
  const response = await app.request(path, { headers });
  return { response, html: await response.text() };
}

describe('the page language', () => {
  it("follows the browser's Accept-Language, weights first, and says so to caches", async () => {
    const app = appWith();
    const { response, html } = await page(app, { 'Accept-Language': 'fi-FI, fi;q=0.9, de;q=0.8, en;q=0.5' });
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain('<h1>Kennwort ändern</h1>');
    expect(html).toContain('<label class="field__label" for="email">E-Mail-Adresse</label>');
    expect(response.headers.get('content-language')).toBe('de');
    expect(response.headers.get('vary')).toContain('Accept-Language');
  });

  it('lays out Arabic right to left', async () => {
    const { html } = await page(appWith(), { 'Accept-Language': 'ar-EG' });
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h1>تغيير كلمة المرور</h1>');
  });

  it('falls back to the configured default when no shipped language is asked for', async () => {
    expect((await page(appWith(), { 'Accept-Language': 'fi, sv' })).html).toContain('<html lang="en"');
    const german = await page(appWith({ defaultLanguage: 'de' }), { 'Accept-Language': 'fi' });
    expect(german.html).toContain('<html lang="de"');
  });

  it('keeps the language picked in the switcher over what the browser asks for', async () => {
    const { html } = await page(appWith(), { 'Accept-Language': 'de', Cookie: 'pg_lang=ar' });
    expect(html).toContain('<html lang="ar" dir="rtl">');
  });

  it('offers a switcher that works without script and returns to the same page', async () => {
    const from = 'https://mysignins.microsoft.com/security-info/password/change';
    const { html } = await page(appWith(), {}, `/change?from=${encodeURIComponent(from)}`);
    expect(html).toContain('<form class="language-switcher" method="get" action="/language">');
    expect(html).toContain(`name="back" value="/change?from=${encodeURIComponent(from)}"`);
    expect(html).toMatch(/<option value="de" lang="de"[^>]*>Deutsch<\/option>/);
    expect(html).toMatch(/<option value="ar" lang="ar"[^>]*>العربية<\/option>/);
  });

  it('remembers the choice in the pg_lang cookie and goes back to the page', async () => {
    const app = appWith();
    const response = await app.request(`/language?lang=de&back=${encodeURIComponent('/signin?x=1')}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/signin?x=1');
    expect(response.headers.get('set-cookie')).toMatch(
      /^pg_lang=de; Max-Age=31536000; Path=\/; HttpOnly; SameSite=Lax/,
    );
    const after = await page(app, { Cookie: 'pg_lang=de' }, '/signin');
    expect(after.html).toContain('<h1>Anmelden</h1>');
  });

  it('changes nothing for an unknown language and never leaves the site', async () => {
    const app = appWith();
    const unknown = await app.request('/language?lang=xx&back=/change');
    expect(unknown.headers.get('set-cookie')).toBeNull();
    for (const back of [
      '//evil.example/',
      'https://evil.example/',
      '/\\evil.example',
      '/\t/evil.example/x',
      '/\n/evil.example/x',
      '/a\r\nSet-Cookie: x=1',
      '/.//evil.example',
      '/%2e%2e//evil.example',
    ]) {
      const response = await app.request(`/language?lang=de&back=${encodeURIComponent(back)}`);
      expect(response.headers.get('location')).toBe('/');
    }
  });

  it('words refusals in the language of the page', async () => {
    const app = appWith();
    const session = await openForm(app);
    const response = await submitForm(
      app,
      session,
      {
        email: 'ada@example.org',
        currentPassword: 'x',
        newPassword: 'Kettle-Harbour-Violet-93',
        confirmPassword: 'other',
      },
      { headers: { 'Accept-Language': 'de' } },
    );
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('Die beiden neuen Kennwörter sind verschieden.');
    expect(html).toContain('<title>Fehler: Kennwort ändern – Example Org</title>');
  });

  it("shows the organisation's own wording where it overrides a message", async () => {
    const app = appWith({ messages: { de: { 'change.title': 'Kennwort ändern' } } });
    expect((await page(app, { 'Accept-Language': 'de' })).html).toContain('<h1>Kennwort ändern</h1>');
    expect((await page(app, { 'Accept-Language': 'en' })).html).toContain('<h1>Change your password</h1>');
  });
});
