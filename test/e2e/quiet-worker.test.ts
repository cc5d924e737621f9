import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { setUserOptions } from './support/extension-storage.js';
import {
  type DnrRuleView,
  type ExtensionBrowser,
  launchWithExtension,
  redirectsTo,
} from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';
import { type WorkerWatch, watchWorker } from './support/worker-watch.js';

const executablePath = chromiumPath();
const CHANGE = 'https://mysignins.microsoft.com/security-info/password/change';
const SIGN_IN = 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1&scope=openid';

// The worker wakes only for navigations that matter, and a restart leaves the stored rules alone.
// Both are measured from outside the extension: worker starts through the DevTools protocol,
// rule writes through the files Chromium keeps the extension's dynamic rules in.
describe.skipIf(executablePath === undefined)('a quiet service worker in Chromium', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let portal: TestPortal;
  let browser: ExtensionBrowser;
  let watch: WorkerWatch;
  /** An extension page: reads the extension's storage without involving the worker. */
  let extensionPage: Page;

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
    await setUserOptions(browser.worker, { portalUrl: portal.url });
    await browser.waitForRules(redirectsTo(portal.url));
    watch = await watchWorker(browser.context, browser.extensionId);
    extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/src/popup/index.html`);
  });
  afterAll(async () => {
    await watch?.close();
    await browser?.close();
    await Promise.all([microsoft?.close(), portal?.close()]);
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });

  async function lastRedirectFrom(): Promise<string | undefined> {
    const stored = (await extensionPage.evaluate("chrome.storage.local.get('lastRedirect')")) as {
      lastRedirect?: { from: string };
    };
    return stored.lastRedirect?.from;
  }

  function installedRules(): Promise<DnrRuleView[]> {
    return extensionPage.evaluate('chrome.declarativeNetRequest.getDynamicRules()') as Promise<DnrRuleView[]>;
  }

  /** Each stored rules file with its modification time: a rewrite changes them. */
  async function storedRules(): Promise<Record<string, number>> {
    const dir = join(browser.userDataDir, 'Default', 'DNR Extension Rules', browser.extensionId);
    const files: Record<string, number> = {};
    for (const name of await readdir(dir)) files[name] = (await stat(join(dir, name))).mtimeMs;
    return files;
  }

  it('is not started by unrelated sites, nor by Microsoft sign-in itself', async () => {
    await watch.stop();
    const page = await browser.context.newPage();
    await page.goto('https://www.example.com/');
    await page.evaluate(() => history.pushState({}, '', '/account/password'));
    await page.goto('https://news.example.org/change');
    await page.goto(SIGN_IN);
    expect(await page.locator('h1').textContent()).toBe('Sign in');
    // Chromium starts a worker for an event as it dispatches it, at the commit of a navigation,
    // and keeps it for its idle time: a start for the first of these pages would show by now.
    expect(await watch.running()).toBe(false);

    // The measurement can see a start: a Microsoft password page wakes the worker (its landing
    // on the portal is what the worker listens for).
    await page.goto(`${CHANGE}?wake=1`);
    expect(page.url()).toBe(`${portal.url}/change?from=${CHANGE}?wake=1`);
    await waitUntil(() => watch.running());
    await page.close();
  });

  it('rewrites no rules when it restarts and nothing changed', async () => {
    const installed = await storedRules();
    expect(Object.keys(installed).length).toBeGreaterThan(0);
    await watch.stop();
    const page = await browser.context.newPage();
    await page.goto(`${CHANGE}?restart=1`);
    // The restarted worker notes the redirect only after it has applied its settings.
    await waitUntil(async () => (await lastRedirectFrom()) === `${CHANGE}?restart=1`);
    expect(await watch.running()).toBe(true);
    expect(await storedRules()).toEqual(installed);

    // A change of settings does rewrite them, so the comparison above can fail.
    const other = await startTestPortal({ startWorker: false });
    try {
      await extensionPage.evaluate(
        `chrome.storage.sync.set({ options: { portalUrl: ${JSON.stringify(other.url)} } })`,
      );
      await waitUntil(async () => redirectsTo(other.url)(await installedRules()));
      expect(await storedRules()).not.toEqual(installed);
    } finally {
      await other.close();
    }
    await page.close();
  });

  it("still wakes for an admin's extra page on another host, while such patterns are set", async () => {
    const extra = 'https://www.example.com/adfs/portal/updatepassword';
    await extensionPage.evaluate(
      `chrome.storage.sync.set({ options: { portalUrl: ${JSON.stringify(portal.url)}, extraUrlPatterns: [${JSON.stringify(`${extra}*`)}] } })`,
    );
    await waitUntil(async () =>
      (await installedRules()).some((rule) => rule.condition.regexFilter?.includes('adfs') === true),
    );
    await watch.stop();
    const page = await browser.context.newPage();
    await page.goto(`${extra}?x=1`);
    // No host access there for DNR: the navigation listener, woken by the browser, sends it on.
    await page.waitForURL(`${portal.url}/change?from=*`);
    expect(new URL(page.url()).searchParams.get('from')).toBe(`${extra}?x=1`);
    await page.close();
  });

  it("keeps counting a tab's redirects across a worker stop (loop guard)", async () => {
    const page = await browser.context.newPage();
    for (const n of [1, 2, 3]) {
      await page.goto(`${CHANGE}?n=${n}`);
      expect(page.url()).toBe(`${portal.url}/change?from=${CHANGE}?n=${n}`);
      await waitUntil(async () => (await lastRedirectFrom()) === `${CHANGE}?n=${n}`);
    }
    // A count kept in the worker's memory would start again from zero after this.
    await watch.stop();
    await page.goto('https://mysignins.microsoft.com/security-info');
    await page.click('#change');
    // The tab is paused (a session rule), so even a full load of the change page stays at Microsoft.
    await waitUntil(async () => {
      const rules = (await extensionPage.evaluate(
        'chrome.declarativeNetRequest.getSessionRules()',
      )) as unknown[];
      return rules.length > 0;
    });
    await page.goto(`${CHANGE}?n=4`);
    expect(page.url()).toBe(`${CHANGE}?n=4`);
    await page.close();
  });
});
