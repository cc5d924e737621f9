import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { expectPortalPage } from './support/expect-portal-page.js';
import { setUserOptions } from './support/extension-storage.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';

const executablePath = chromiumPath();
const CHANGE = 'https://mysignins.microsoft.com/security-info/password/change?tenant=fabrikam';

// Guests, consultants and MSP engineers use this browser too: their accounts belong to other
// tenants, and must reach Microsoft without the extension becoming something to switch off.
describe.skipIf(executablePath === undefined)('accounts of other tenants, in Chromium', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let portal: TestPortal;
  let browser: ExtensionBrowser;
  /** An extension page, to read the extension's session rules. */
  let extensionPage: Page;

  beforeAll(async () => {
    [extensionDir, microsoft, portal] = await Promise.all([
      buildExtension(),
      startMicrosoftStandIn(),
      startTestPortal({ startWorker: false, config: { organisation: { name: 'Contoso' } } }),
    ]);
    browser = await launchWithExtension({
      executablePath: executablePath ?? '',
      extensionDir,
      hostResolverRules: microsoft.hostResolverRules,
    });
    await setUserOptions(browser.worker, {
      portalUrl: portal.url,
      organisationName: 'Contoso',
      tenantDomains: [TEST_TENANT_DOMAIN],
    });
    await browser.waitForRules(redirectsTo(portal.url));
    extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html`);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([microsoft?.close(), portal?.close()]);
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });

  const posts = (): number =>
    microsoft.requests.filter(
      (request) => request.method === 'POST' && new URL(request.url).pathname === '/common/SSPR/Begin',
    ).length;

  async function sessionRuleCount(): Promise<number> {
    return ((await extensionPage.evaluate('chrome.declarativeNetRequest.getSessionRules()')) as unknown[])
      .length;
  }

  it("covers the expired-password page of the organisation's own account, and blocks its change", async () => {
    const page = await browser.context.newPage();
    await page.goto(`https://login.microsoftonline.com/common/expired?account=ada%40${TEST_TENANT_DOMAIN}`);
    await page.getByRole('alertdialog').waitFor();
    const before = posts();
    const sent = await page.evaluate(() =>
      fetch('/common/SSPR/Begin', { method: 'POST', body: 'x' }).then(
        () => 'sent',
        () => 'blocked',
      ),
    );
    expect(sent).toBe('blocked');
    expect(posts()).toBe(before);
    await page.close();
  });

  it("leaves another tenant's account on Microsoft's page, where its change goes through", async () => {
    const rulesBefore = await sessionRuleCount();
    const page = await browser.context.newPage();
    await page.goto('https://login.microsoftonline.com/common/expired?account=guest%40fabrikam.example');
    // The worker has answered once it lifted the submit block for this tab.
    await waitUntil(async () => (await sessionRuleCount()) > rulesBefore);
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    const before = posts();
    await page.locator('#idSIButton9').click();
    await page.waitForURL('https://login.microsoftonline.com/common/SSPR/Begin');
    expect(posts()).toBe(before + 1);
    await page.close();
  });

  it('lets one tab continue to Microsoft from the portal, once, and no other tab', async () => {
    const tab = await browser.context.newPage();
    await tab.goto(CHANGE);
    await expectPortalPage(tab, { path: '/change', from: CHANGE });
    const offer = tab.locator('.continue-to-microsoft');
    expect(await offer.textContent()).toBe('Not a Contoso account? Continue to Microsoft');
    await offer.getByRole('link', { name: 'Continue to Microsoft' }).click();
    await tab.waitForURL(CHANGE);
    // Microsoft's page (its stand-in serves the My Sign-Ins app for every /security-info path).
    expect(await tab.locator('h1').textContent()).toBe('Security info');

    // Another tab is still sent to the portal.
    const other = await browser.context.newPage();
    await other.goto(CHANGE);
    expect(other.url()).toBe(`${portal.url}/change?from=${CHANGE}`);
    await other.close();

    // And so is the same tab, the next time: the pass was for one visit.
    await tab.goto(`${CHANGE}&again=1`);
    expect(tab.url()).toBe(`${portal.url}/change?from=${CHANGE}&again=1`);
    await tab.goto(CHANGE);
    expect(tab.url()).toBe(`${portal.url}/change?from=${CHANGE}`);
    await tab.close();
  });
});
