import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { expectPortalPage } from './support/expect-portal-page.js';
import { badgeText, sessionRules, setUserOptions } from './support/extension-storage.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';

const executablePath = chromiumPath();

/** The real portal (no sync worker: these tests change no password). */
function startPortal(): Promise<TestPortal> {
  return startTestPortal({ startWorker: false });
}

/** Everything after `from=` in the URL the browser shows: the portal must read it as one value. */
function rawFrom(url: string): string {
  return url.slice(url.indexOf('from=') + 'from='.length);
}

describe.skipIf(executablePath === undefined)('extension redirects in Chromium', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let portal: TestPortal;
  let browser: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    [extensionDir, microsoft, portal] = await Promise.all([
      buildExtension(),
      startMicrosoftStandIn(),
      startPortal(),
    ]);
    browser = await launchWithExtension({
      executablePath: executablePath ?? '',
      extensionDir,
      hostResolverRules: microsoft.hostResolverRules,
    });
  });

  // A fresh tab per test: the loop guard counts redirects per tab.
  beforeEach(async () => {
    page = await browser.context.newPage();
  });
  afterEach(async () => {
    await page?.close();
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([microsoft?.close(), portal?.close()]);
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });

  it('stays idle and says so while no portal is configured', async () => {
    await expect.poll(() => badgeText(browser.worker), { timeout: 15_000 }).toBe('off');
    expect(await browser.rules()).toEqual([]);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html`);
    await expect
      .poll(() => popup.getByTestId('status').textContent())
      .toContain('no password portal is configured');
    await popup.close();
    await page.goto('https://passwordreset.microsoftonline.com/');
    expect(page.url()).toBe('https://passwordreset.microsoftonline.com/');
  });

  it('installs its rules once a portal is set', async () => {
    await setUserOptions(browser.worker, { portalUrl: portal.url });
    await browser.waitForRules(redirectsTo(portal.url));
    await expect.poll(() => badgeText(browser.worker)).toBe('');
  });

  it.each([
    ['change', 'https://mysignins.microsoft.com/security-info/password/change?tenant=contoso&lang=en%20GB'],
    [
      'change',
      'https://account.activedirectory.windowsazure.com/ChangePassword.aspx?BrandContextID=O1&ru=a%26b',
    ],
    [
      'reset',
      'https://passwordreset.microsoftonline.com/?ru=https%3a%2f%2flogin.microsoftonline.com%2f&mkt=en-GB',
    ],
  ])('sends a top-level visit to the portal %s page with `from` intact: %s', async (kind, url) => {
    await page.goto(url);
    expect(page.url()).toBe(`${portal.url}/${kind}?from=${url}`);
    expect(rawFrom(page.url())).toBe(url);
    await expectPortalPage(page, { path: kind === 'change' ? '/change' : '/reset', from: url });
    expect(microsoft.requests.some((request) => request.url === url)).toBe(false);
  });

  it('carries a fragment along with the query', async () => {
    const url = 'https://mysignins.microsoft.com/security-info/password/change?a=1&b=two%20words#section';
    await page.goto(url);
    expect(rawFrom(page.url())).toBe(url);
  });

  it('catches a pushState route change on the My Sign-Ins single-page app', async () => {
    await page.goto('https://mysignins.microsoft.com/security-info');
    expect(page.url()).toBe('https://mysignins.microsoft.com/security-info');
    await page.click('#change');
    await page.waitForURL(`${portal.url}/**`);
    const from = new URL(page.url()).searchParams.get('from');
    expect(from).toBe('https://mysignins.microsoft.com/security-info/password/change');
    await expectPortalPage(page, { path: '/change', from: from ?? '' });
  });

  it('stops redirecting a tab after a few redirects in a short time (loop guard)', async () => {
    const change = 'https://mysignins.microsoft.com/security-info/password/change';
    for (const n of [1, 2, 3]) {
      await page.goto(`${change}?n=${n}`);
      expect(page.url()).toBe(`${portal.url}/change?from=${change}?n=${n}`);
    }
    await page.goto('https://mysignins.microsoft.com/security-info');
    await page.click('#change');
    // The fourth is refused and the tab paused: once its pause rule is in, the decision is made.
    await expect.poll(() => sessionRules(browser.worker), { timeout: 15_000 }).toHaveLength(1);
    expect(page.url()).toBe(change);
    // The tab is paused for DNR too, so the user can reach Microsoft's page; other tabs are not.
    await page.goto(`${change}?n=4`);
    expect(page.url()).toBe(`${change}?n=4`);
    const other = await browser.context.newPage();
    await other.goto(`${change}?other=1`);
    expect(other.url()).toBe(`${portal.url}/change?from=${change}?other=1`);
    await other.close();
  });

  it.each([
    'https://mysignins.microsoft.com/security-info',
    'https://myaccount.microsoft.com/',
    'https://account.live.com/password/change',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1&scope=openid',
  ])('leaves %s alone', async (url) => {
    await page.goto(url);
    await page.waitForTimeout(800); // time for a wrong webNavigation fallback to act, were there one
    expect(page.url()).toBe(url);
  });

  it('shows the portal and the last redirect in the popup, and its button opens the portal', async () => {
    await page.goto('https://passwordreset.microsoftonline.com/?last=1');
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html`);
    await expect.poll(() => popup.getByTestId('portal').textContent()).toBe(portal.url);
    await expect
      .poll(() => popup.getByTestId('last-redirect').textContent())
      .toContain('https://passwordreset.microsoftonline.com/?last=1');
    expect(await popup.getByTestId('managed').textContent()).toContain('Not managed');
    const [opened] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.getByRole('button', { name: 'Change my password' }).click(),
    ]);
    await opened.waitForURL(`${portal.url}/change`);
    await expectPortalPage(opened, { path: '/change' });
    await opened.close();
  });

  it('lets the user change the portal on the options page, which re-applies the rules', async () => {
    const other = await startPortal();
    try {
      const options = await browser.context.newPage();
      await options.goto(`chrome-extension://${browser.extensionId}/src/options/index.html`);
      await expect
        .poll(() => options.getByTestId('policy-summary').textContent())
        .toContain('No organisation policy');
      const input = options.locator('#portalUrl');
      expect(await input.isDisabled()).toBe(false);
      await input.fill(other.url);
      await options.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => options.getByRole('status').textContent()).toBe('Saved.');
      await browser.waitForRules(redirectsTo(other.url));
      await page.goto('https://passwordreset.microsoftonline.com/');
      expect(page.url()).toBe(`${other.url}/reset?from=https://passwordreset.microsoftonline.com/`);
      await expectPortalPage(page, { path: '/reset', from: 'https://passwordreset.microsoftonline.com/' });

      await input.fill('http://not-loopback.example.com');
      await options.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => options.getByRole('status').textContent()).toContain('Not saved');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      await options.close();
    } finally {
      await other.close();
    }
  });
});
