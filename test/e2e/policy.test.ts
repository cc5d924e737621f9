import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { canWritePolicy } from './support/can-write-policy.js';
import { chromiumPath } from './support/chromium-path.js';
import { devExtensionId } from './support/dev-extension-id.js';
import { expectPortalPage } from './support/expect-portal-page.js';
import { setUserOptions } from './support/extension-storage.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';
import { createPolicyFile, type PolicyFile } from './support/policy-file.js';

const executablePath = chromiumPath();
const runnable = executablePath !== undefined && canWritePolicy('the Chromium policy tests');
const RESET = 'https://passwordreset.microsoftonline.com/?mkt=en-GB';

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
    await policy.write({
      portalUrl: portalA.url,
      organisationName: 'Contoso',
      supportUrl: 'not a url', // valid for Chrome's schema (a string), refused by the extension
      enabled: 'yes', // wrong type: dropped by Chrome's schema check
    });
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

  it('takes the portal from policy, ignoring the invalid values and keeping the rest', async () => {
    await browser.waitForRules(redirectsTo(portalA.url));
    const page = await browser.context.newPage();
    await page.goto(RESET);
    expect(page.url()).toBe(`${portalA.url}/reset?from=${RESET}`);
    await expectPortalPage(page, { path: '/reset', from: RESET });
    await page.close();
  });

  it('locks the keys policy sets on the options page, and only those', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${extensionId}/src/options/index.html`);
    await expect.poll(() => options.getByTestId('policy-summary').textContent()).toContain('sets 2 of these');
    expect(await options.locator('#portalUrl').isDisabled()).toBe(true);
    expect(await options.locator('#portalUrl').inputValue()).toBe(portalA.url);
    expect(await options.getByTestId('locked-portalUrl').isVisible()).toBe(true);
    expect(await options.locator('#organisationName').isDisabled()).toBe(true);
    expect(await options.locator('#supportUrl').isDisabled()).toBe(false);
    expect(await options.locator('#enabled').isDisabled()).toBe(false);
    await options.locator('#supportUrl').fill('https://help.contoso.example');
    await options.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => options.getByRole('status').textContent()).toBe('Saved.');
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
    await popup.close();
  });

  it('does not let a user option override policy', async () => {
    await setUserOptions(browser.worker, { portalUrl: portalB.url });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(redirectsTo(portalB.url)(await browser.rules())).toBe(false);
    expect(redirectsTo(portalA.url)(await browser.rules())).toBe(true);
    await setUserOptions(browser.worker, {});
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
