import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { canWritePolicy } from './support/can-write-policy.js';
import { chromiumPath } from './support/chromium-path.js';
import { devExtensionId } from './support/dev-extension-id.js';
import { expectPortalPage } from './support/expect-portal-page.js';
import { badgeText, setUserOptions } from './support/extension-storage.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';
import { createPolicyFile, type PolicyFile } from './support/policy-file.js';

const executablePath = chromiumPath();
const runnable = executablePath !== undefined && canWritePolicy('the Chromium policy tests');
const RESET = 'https://passwordreset.microsoftonline.com/?mkt=en-GB';
/** The policy docs/extension.md shows: portal, name and help link, nothing else. */
const DOCS_POLICY = (portalUrl: string): Record<string, unknown> => ({
  portalUrl,
  organisationName: 'Contoso',
  supportUrl: 'https://help.contoso.example',
});

// Real enterprise policy: a JSON file in Chromium's machine-wide policy folder, read at start and
// watched while running. Runs as root (CI does); the file is removed whatever happens.
describe.skipIf(!runnable)('enterprise policy in Chromium', () => {
  let extensionDir: string;
  let microsoft: MicrosoftStandIn;
  let portalA: TestPortal;
  let portalB: TestPortal;
  let policy: PolicyFile | undefined;
  let browser: ExtensionBrowser;
  let extensionId: string;

  beforeAll(async () => {
    [extensionDir, microsoft, portalA, portalB, extensionId] = await Promise.all([
      buildExtension(),
      startMicrosoftStandIn(),
      startTestPortal({ startWorker: false }),
      startTestPortal({ startWorker: false }),
      devExtensionId(),
    ]);
    policy = await createPolicyFile(extensionId);
    await policy.write(DOCS_POLICY(portalA.url));
    browser = await launchWithExtension({
      executablePath: executablePath ?? '',
      extensionDir,
      hostResolverRules: microsoft.hostResolverRules,
    });
  });
  afterAll(async () => {
    await policy?.remove();
    await browser?.close();
    await Promise.all([microsoft?.close(), portalA?.close(), portalB?.close()]);
    if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
  });

  it('runs under the id pinned by the manifest key, which the policy names', () => {
    expect(browser.extensionId).toBe(extensionId);
  });

  it('takes the portal from policy', async () => {
    await browser.waitForRules(redirectsTo(portalA.url));
    const page = await browser.context.newPage();
    await page.goto(RESET);
    expect(page.url()).toBe(`${portalA.url}/reset?from=${RESET}`);
    await expectPortalPage(page, { path: '/reset', from: RESET });
    await page.close();
  });

  it('shows every setting read-only as managed by the organisation, with no way to save', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${extensionId}/src/options/index.html`);
    await expect
      .poll(() => options.getByTestId('policy-summary').textContent())
      .toContain('Managed by your organisation');
    expect(await options.locator('#portalUrl').inputValue()).toBe(portalA.url);
    const controls = options.locator('form input, form textarea');
    expect(await controls.count()).toBeGreaterThan(8);
    for (const control of await controls.all()) expect(await control.isDisabled()).toBe(true);
    expect(await options.locator('#enabled').isChecked()).toBe(true);
    expect(await options.getByTestId('locked-enabled').isVisible()).toBe(true);
    expect(await options.getByRole('button', { name: 'Save' }).count()).toBe(0);
    await options.close();

    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
    await expect
      .poll(() => popup.getByTestId('managed').textContent())
      .toContain('Managed by your organisation');
    expect(await popup.getByTestId('status').textContent()).toContain("Contoso's password portal");
    expect(await popup.getByRole('link', { name: 'Get help' }).getAttribute('href')).toBe(
      'https://help.contoso.example',
    );
    expect(await popup.getByTestId('policy-problems').count()).toBe(0);
    await popup.close();
  });

  it('ignores every way a person could switch it off under that policy', async () => {
    // What the options page would save if it let them, written straight into its storage.
    await setUserOptions(browser.worker, {
      enabled: false,
      excludeUrlPatterns: ['https://*'],
      interceptIds: [],
      portalUrl: portalB.url,
    });
    // A later policy change is a barrier: the worker applies changes in order, so once the
    // policy's new rule is installed, the person's change has been handled too.
    const barrier = 'https://unrelated.example/*';
    await policy?.write({ ...DOCS_POLICY(portalA.url), excludeUrlPatterns: [barrier] });
    const rules = await browser.waitForRules(
      (current) => current.some((rule) => rule.condition.regexFilter?.includes('unrelated') === true),
      60_000,
    );
    expect(redirectsTo(portalA.url)(rules)).toBe(true);
    expect(redirectsTo(portalB.url)(rules)).toBe(false);
    const page = await browser.context.newPage();
    await page.goto(RESET);
    expect(page.url()).toBe(`${portalA.url}/reset?from=${RESET}`);
    await page.close();
    expect(await badgeText(browser.worker)).toBe('');
    await setUserOptions(browser.worker, {});
  });

  it("shows the policy values it cannot use, while Chrome's schema drops the malformed ones", async () => {
    // 101 characters pass Chrome's schema (a non-blank string) but not the extension's limit of 100;
    // `not a url` fails the schema's pattern, so Chrome drops it before the extension sees it.
    await policy?.write({
      ...DOCS_POLICY(portalA.url),
      organisationName: 'C'.repeat(101),
      supportUrl: 'not a url',
    });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
    const problems = popup.getByTestId('policy-problems');
    await expect.poll(() => problems.count(), { timeout: 60_000 }).toBe(1);
    expect(await problems.locator('li[data-key="organisationName"]').textContent()).toMatch(
      /organisationName/,
    );
    const managed = (await popup.evaluate('chrome.storage.managed.get()')) as Record<string, unknown>;
    expect(managed.supportUrl).toBeUndefined();
    expect(managed.portalUrl).toBe(portalA.url);
    await popup.close();

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${extensionId}/src/options/index.html`);
    await expect
      .poll(() => options.getByTestId('policy-problems').textContent())
      .toContain('organisationName');
    await options.close();
  });

  it('applies a policy change while the browser runs', async () => {
    await policy?.write({ portalUrl: portalB.url, organisationName: 'Contoso' });
    await browser.waitForRules(redirectsTo(portalB.url), 60_000);
    const page = await browser.context.newPage();
    await page.goto(RESET);
    expect(page.url()).toBe(`${portalB.url}/reset?from=${RESET}`);
    await expectPortalPage(page, { path: '/reset', from: RESET });
    await page.close();
  });
});
