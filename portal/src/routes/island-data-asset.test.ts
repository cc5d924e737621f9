import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { capturingLogger, ScriptedAccounts, webTestConfig } from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';
import type { WebConfig } from '../http/web-config.js';

// What the password-fields island needs that is the same for every visitor of a language (its
// wording, the policy, the requirement list) is a static asset per language (needs `npm run build`:
// the island must exist for its data to be served), not a block of JSON in every uncompressed page.

function appWith(overrides: Partial<WebConfig> = {}) {
  const { logger } = capturingLogger();
  return createApp({ config: webTestConfig(overrides), accounts: new ScriptedAccounts(), logger });
}

/** The page's HTML and the wording URL it names, preloaded and in the island's props. */
async function changePage(
  app: ReturnType<typeof appWith>,
  acceptLanguage: string,
): Promise<{ html: string; href: string; csp: string }> {
  const response = await app.request('/change', { headers: { 'Accept-Language': acceptLanguage } });
  const html = await response.text();
  const href = /<link rel="preload" href="([^"]+)" as="fetch" crossorigin="anonymous"/.exec(html)?.[1] ?? '';
  return { html, href, csp: response.headers.get('content-security-policy') ?? '' };
}

describe('the island’s data asset', () => {
  it('is named by the page in the page’s language, preloaded, and no longer inlined', async () => {
    const app = appWith();
    const { html, href, csp } = await changePage(app, 'de-DE,de;q=0.9');
    // The island fetches it: the page's policy must let it (same origin only).
    expect(csp).toContain("connect-src 'self'");
    expect(href).toMatch(/^\/assets\/password-island\.de\.json\?v=[0-9a-f]{12}$/);
    const props = /<script type="application\/json" id="password-fields-props">([^<]*)<\/script>/.exec(
      html,
    )?.[1];
    const pageProps = JSON.parse(props ?? '{}');
    expect(pageProps.language).toEqual({ locale: 'de', dataHref: href });
    // The wording, policy and list are in the asset only: the page carries its URL, not their bytes.
    expect(html).not.toContain('"type":0');
    expect(pageProps).not.toHaveProperty('policy');
    expect(pageProps).not.toHaveProperty('requirements');
    expect(pageProps).toMatchObject({ askCurrent: true, emailInputId: 'email' });
    expect((await changePage(app, 'fr')).href).toMatch(/^\/assets\/password-island\.fr\.json\?v=/);
  });

  it('is JSON, cached for good under its versioned URL, and compressed for browsers that take it', async () => {
    const app = appWith();
    const { href } = await changePage(app, 'en');
    const plain = await app.request(href);
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    const text = await plain.text();
    const br = await app.request(href, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    const brBody = Buffer.from(await br.arrayBuffer());
    expect(brotliDecompressSync(brBody).toString('utf8')).toBe(text);
    expect(brBody.byteLength).toBeLessThan(Buffer.byteLength(text) / 3);
    const gzip = await app.request(href, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString('utf8')).toBe(text);
    // A bare or stale URL revalidates instead of being kept for a year.
    const bare = await app.request(href.replace(/\?v=.*/, ''));
    expect(bare.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
  });

  it('holds every message the island words, pre-parsed, in the page’s language, and the page’s policy', async () => {
    const app = appWith();
    const data = await (await app.request((await changePage(app, 'de')).href)).json();
    const catalogue = data.messages;
    expect(catalogue['requirement.TOO_SHORT']).toEqual([
      { type: 0, value: 'Mindestens ' },
      { type: 1, value: 'min' },
      { type: 0, value: ' Zeichen' },
    ]);
    expect(Object.keys(catalogue)).toEqual(
      expect.arrayContaining(['strength.progress', 'match.no', 'field.show']),
    );
    // Only what the island shows: not the pages' or the mails' wording.
    expect(Object.keys(catalogue).some((key) => key.startsWith('mail.') || key.startsWith('change.'))).toBe(
      false,
    );
  });

  it('carries the organisation’s own wording, under a URL of its own', async () => {
    const plainHref = (await changePage(appWith(), 'de')).href;
    const app = appWith({
      messages: { de: { 'requirement.MISSING_NUMBER': 'Mindestens eine Ziffer, bitte' } },
    });
    const { href } = await changePage(app, 'de');
    // A new wording is a new version: a browser holding the old one for a year never sees it otherwise.
    expect(href).not.toBe(plainHref);
    const catalogue = (await (await app.request(href)).json()).messages;
    expect(catalogue['requirement.MISSING_NUMBER']).toEqual([
      { type: 0, value: 'Mindestens eine Ziffer, bitte' },
    ]);
    // Other languages keep the shipped wording.
    const english = (await (await app.request((await changePage(app, 'en')).href)).json()).messages;
    expect(english['requirement.MISSING_NUMBER']).toEqual([{ type: 0, value: 'A number (0-9)' }]);
  });
});
