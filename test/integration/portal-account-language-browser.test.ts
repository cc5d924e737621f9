import { fileURLToPath } from 'node:url';
import { CATALOGUES, createMessages } from '@passgate/core/i18n';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// Security info in Arabic in a real Chromium whose language is Arabic, with Chromium's virtual
// authenticator standing in for a laptop: the page is right to left, found by its Arabic labels, and
// what the passkey island says (in the browser, from words the page handed it) is Arabic too.

const executablePath = chromiumPath();
const PASSWORD = 'Harbour-Lantern-73!';
const rana = `rana.arabic@${TEST_TENANT_DOMAIN}`;
const ar = createMessages('ar', CATALOGUES.ar);

describe.skipIf(executablePath === undefined)('security info in Arabic, in Chromium', () => {
  let t: TestPortal;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    // The island bundles must exist before the portal starts (createApp reads them once).
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    // localhost, not 127.0.0.1: browsers make passkeys only for a host name.
    t = await startTestPortal({
      publicHost: 'localhost',
      users: [{ email: rana, password: PASSWORD, displayName: 'Rana Arabic' }],
      config: { organisation: { name: 'Contoso' } },
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adds a passkey, and says in Arabic that the same device cannot add a second one', async () => {
    // The browser's language is Arabic: it asks for pages in Arabic (Accept-Language).
    const context = await browser.newContext({ locale: 'ar' });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 4'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    // No autofill: the virtual authenticator would answer it at once and sign in before any click.
    await context.addInitScript(() => {
      Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', {
        value: async () => false,
      });
    });

    await page.goto(`${t.url}/account`);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    await page.getByLabel(ar.t('field.email')).fill(rana);
    await page.getByLabel(ar.t('field.password'), { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL(/\/account\?done=signed_in$/),
      page.getByRole('button', { name: ar.t('signin.title'), exact: true }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(ar.t('account.title'));

    await Promise.all([
      page.waitForURL(/\/account\?done=passkey$/),
      page.getByRole('button', { name: ar.t('passkey.add') }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toBe(ar.t('account.done.passkey'));
    const named = ar.t('passkey.defaultName', { number: 1 });
    expect(await page.getByRole('heading', { level: 3, name: named }).count()).toBe(1);

    // The portal names the passkey this authenticator holds, so it refuses to make another: the
    // island says so in the page's language.
    await page.getByRole('button', { name: ar.t('passkey.add') }).click();
    await page
      .locator('[data-passkey-status]')
      .filter({ hasText: ar.t('passkey.alreadyRegistered') })
      .waitFor();
    expect(await page.getByRole('heading', { level: 3, name: named }).count()).toBe(1);
    expect(problems).toEqual([]);
    await context.close();
  });
});
