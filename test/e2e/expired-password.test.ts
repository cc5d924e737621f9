import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { expectPortalPage } from './support/expect-portal-page.js';
import { setUserOptions } from './support/extension-storage.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';

const executablePath = chromiumPath();
const EXPIRED = 'https://login.microsoftonline.com/common/expired?ctx=abc&flow=1';
const SIGN_IN = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1&scope=openid';

describe.skipIf(executablePath === undefined)("Microsoft's expired-password page in Chromium", () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let portal: TestPortal;
  let browser: ExtensionBrowser;
  let page: Page;

  beforeAll(async () => {
    [extensionDir, microsoft, portal] = await Promise.all([
      buildExtension(),
      startMicrosoftStandIn(),
      startTestPortal({ startWorker: false }),
    ]);
    browser = await launchWithExtension({
      executablePath: executablePath ?? '',
      extensionDir,
      hostResolverRules: microsoft.hostResolverRules,
    });
    await setUserOptions(browser.worker, { portalUrl: portal.url, organisationName: 'Contoso' });
    await browser.waitForRules(redirectsTo(portal.url));
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([microsoft?.close(), portal?.close()]);
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    page = await browser.context.newPage();
  });
  afterEach(async () => {
    await page?.close();
  });

  const posts = (path: string): number =>
    microsoft.requests.filter(
      (request) => request.method === 'POST' && new URL(request.url).pathname === path,
    ).length;

  it('covers the page with a notice whose button leads to the portal change page', async () => {
    await page.goto(EXPIRED);
    const notice = page.getByRole('alertdialog');
    await expect.poll(() => notice.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await notice.textContent()).toContain('Contoso manages passwords');
    await notice.getByRole('link', { name: 'Change my password in the portal' }).click();
    await page.waitForURL(`${portal.url}/**`);
    expect(new URL(page.url()).searchParams.get('from')).toBe(EXPIRED);
    await expectPortalPage(page, { path: '/change', from: EXPIRED });
  });

  it("blocks the page's own submit of the change to Microsoft", async () => {
    await page.goto(EXPIRED);
    await page.getByRole('alertdialog').waitFor();
    const before = posts('/common/SSPR/Begin');
    // What the page would do if the notice were removed: post the form, and poll by fetch.
    const fetched = await page.evaluate(() =>
      fetch('/common/SSPR/Poll', { method: 'POST', body: 'x' }).then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    expect(fetched).toBe('blocked');
    const navigation = page.waitForEvent('requestfailed');
    await page.evaluate(() => (document.getElementById('change') as HTMLFormElement).submit());
    expect((await navigation).failure()?.errorText).toBe('net::ERR_BLOCKED_BY_CLIENT');
    expect(posts('/common/SSPR/Begin')).toBe(before);
    expect(posts('/common/SSPR/Poll')).toBe(0);
  });

  it('leaves normal sign-in alone: no notice, and its form posts to Microsoft', async () => {
    await page.goto(SIGN_IN);
    await page.waitForTimeout(1_000); // the content script has run by now
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    expect(page.url()).toBe(SIGN_IN);
    await page.click('#idSIButton9');
    await page.waitForURL('https://login.microsoftonline.com/common/login');
    expect(await page.locator('h1').textContent()).toBe('Signed in');
    expect(posts('/common/login')).toBe(1);
  });

  it('sends the user straight to the portal when the notice is switched off', async () => {
    await setUserOptions(browser.worker, { portalUrl: portal.url, showExpiredPasswordNotice: false });
    try {
      await page.goto(EXPIRED);
      await page.waitForURL(`${portal.url}/**`);
      expect(new URL(page.url()).searchParams.get('from')).toBe(EXPIRED);
      await expectPortalPage(page, { path: '/change', from: EXPIRED });
    } finally {
      await setUserOptions(browser.worker, { portalUrl: portal.url, organisationName: 'Contoso' });
    }
  });
});
