import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { capturingLogger, ScriptedAccounts, webTestConfig } from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';
import type { WebConfig } from '../http/web-config.js';

function appWith(overrides: Partial<WebConfig> = {}) {
  const { logger } = capturingLogger();
  return createApp({ config: webTestConfig(overrides), accounts: new ScriptedAccounts(), logger });
}

function brandFiles(): { logoPath: string; cssFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'passgate-brand-'));
  const logoPath = join(dir, 'logo.svg');
  writeFileSync(
    logoPath,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="5" cx="5" cy="5"/>${' '.repeat(2000)}</svg>`,
  );
  const cssFile = join(dir, 'brand.css');
  writeFileSync(cssFile, '.site-header__name { letter-spacing: 0.02em; }\n');
  return { logoPath, cssFile };
}

async function hrefOf(app: ReturnType<typeof appWith>, pattern: RegExp): Promise<string> {
  const html = await (await app.request('/change')).text();
  return pattern.exec(html)?.[1] ?? '';
}

describe('static assets', () => {
  it('sends the stylesheet brotli-compressed to a browser that takes br, gzip to one that takes gzip only', async () => {
    const app = appWith();
    const plain = await app.request('/assets/passgate.css');
    const original = await plain.text();
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');

    const br = await app.request('/assets/passgate.css', {
      headers: { 'Accept-Encoding': 'gzip, deflate, br, zstd' },
    });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brotliDecompressSync(brBody).toString('utf8')).toBe(original);
    expect(brBody.byteLength).toBeLessThan(Buffer.byteLength(original) / 3);

    const gzip = await app.request('/assets/passgate.css', {
      headers: { 'Accept-Encoding': 'gzip, deflate' },
    });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString('utf8')).toBe(original);
    // Each encoding is its own representation with its own validator.
    expect(new Set([plain, br, gzip].map((r) => r.headers.get('etag'))).size).toBe(3);
  });

  it('honours q=0: a browser that refuses br gets gzip', async () => {
    const response = await appWith().request('/assets/passgate.css', {
      headers: { 'Accept-Encoding': 'br;q=0, gzip;q=0.8' },
    });
    expect(response.headers.get('content-encoding')).toBe('gzip');
  });

  it('never compresses a page: pages carry the CSRF token beside reflected input (BREACH)', async () => {
    const app = appWith();
    const response = await app.request(
      '/change?from=https%3A%2F%2Faccount.activedirectory.windowsazure.com%2FChangePassword.aspx',
      {
        headers: { 'Accept-Encoding': 'gzip, deflate, br' },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(await response.text()).toContain('name="_csrf"');
  });

  it('appends the configured accent to the one stylesheet, for light and dark mode', async () => {
    const app = appWith({ branding: { accentColor: '#0b5cad', accentColorDark: null, cssFile: null } });
    const href = await hrefOf(app, /<link rel="stylesheet" href="(\/assets\/passgate\.css\?v=\w+)"/);
    const css = await (await app.request(href)).text();
    expect(css).toContain(':root { --brand: #0b5cad;');
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{ :root \{ --brand: #[0-9a-f]{6};/);
    const defaultHref = await hrefOf(
      appWith(),
      /<link rel="stylesheet" href="(\/assets\/passgate\.css\?v=\w+)"/,
    );
    expect(defaultHref).not.toBe(href);
  });

  it('links the organisation’s stylesheet after the portal’s, and uses the logo as the favicon', async () => {
    const { logoPath, cssFile } = brandFiles();
    const app = appWith({
      organisation: { name: 'Contoso', logoPath, supportText: null, supportUrl: null },
      branding: { accentColor: null, accentColorDark: null, cssFile },
    });
    const html = await (await app.request('/change')).text();
    const links = [...html.matchAll(/<link rel="(stylesheet|icon)" href="([^"]+)"/g)].map(
      (m) => `${m[1]} ${m[2]?.replace(/\?v=\w+/, '')}`,
    );
    expect(links).toEqual([
      'stylesheet /assets/passgate.css',
      'stylesheet /branding/style.css',
      'icon /branding/logo',
    ]);
    const brandHref = /href="(\/branding\/style\.css\?v=\w+)"/.exec(html)?.[1] ?? '';
    const css = await app.request(brandHref);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toContain('immutable');
    expect(await css.text()).toContain('letter-spacing');
    const favicon = await app.request('/favicon.ico', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toBe('image/svg+xml');
    expect(favicon.headers.get('content-encoding')).toBe('gzip');
  });

  it('refuses at start a stylesheet it cannot read', () => {
    expect(() =>
      appWith({ branding: { accentColor: null, accentColorDark: null, cssFile: '/nonexistent/brand.css' } }),
    ).toThrow('branding.cssFile: cannot read /nonexistent/brand.css');
  });

  it('answers /favicon.ico with nothing when no logo is configured', async () => {
    const response = await appWith().request('/favicon.ico');
    expect(response.status).toBe(204);
  });

  it('answers a revalidation with 304 and no body while the file is unchanged, and with the file once it has changed', async () => {
    const app = appWith();
    const first = await app.request('/assets/passgate.css', { headers: { 'Accept-Encoding': 'gzip' } });
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]{12}-gzip"$/);

    const again = await app.request('/assets/passgate.css', {
      headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': `W/"other", ${etag}` },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    expect(again.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');

    // The same validator for another encoding names another representation: the file is sent.
    const plain = await app.request('/assets/passgate.css', { headers: { 'If-None-Match': etag } });
    expect(plain.status).toBe(200);
    expect((await plain.text()).length).toBeGreaterThan(1000);
    const stale = await app.request('/assets/passgate.css', {
      headers: { 'If-None-Match': '"0123456789ab"' },
    });
    expect(stale.status).toBe(200);
  });
});
