import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../support/start-portal.js';
import { buildExtension } from './support/build-extension.js';
import { chromiumPath } from './support/chromium-path.js';
import { setUserOptions } from './support/extension-storage.js';
import { type ExtensionBrowser, launchWithExtension, redirectsTo } from './support/launch-with-extension.js';
import { type MicrosoftStandIn, startMicrosoftStandIn } from './support/microsoft-stand-in.js';

const executablePath = chromiumPath();
const MICROSOFT_CHANGE =
  'https://mysignins.microsoft.com/security-info/password/change?tenant=contoso&a=1%202';

// The whole path a user takes: Microsoft's change page → the real portal (with the Microsoft 365
// emulator behind it) → the change form → Microsoft 365 holds the new password.
describe.skipIf(executablePath === undefined)(
  'journey: Microsoft change page to a new password in Microsoft 365',
  () => {
    let extensionDir: string;
    let microsoft: MicrosoftStandIn;
    let portal: TestPortal;
    let browser: ExtensionBrowser;

    beforeAll(async () => {
      [extensionDir, microsoft, portal] = await Promise.all([
        buildExtension(),
        startMicrosoftStandIn(),
        startTestPortal(),
      ]);
      browser = await launchWithExtension({
        executablePath: executablePath ?? '',
        extensionDir,
        hostResolverRules: microsoft.hostResolverRules,
      });
      await setUserOptions(browser.worker, { portalUrl: portal.url });
      await browser.waitForRules(redirectsTo(portal.url));
    });
    afterAll(async () => {
      await browser?.close();
      await Promise.all([microsoft?.close(), portal?.close()]);
      if (extensionDir !== undefined) await rm(extensionDir, { recursive: true, force: true });
    });

    it('lands on the portal, which shows where the user came from, and the change reaches Microsoft 365', async () => {
      const user = DEFAULT_TEST_USERS[0];
      if (user === undefined) throw new Error('no test user');
      const newPassword = 'Juniper-Compass-4821!';
      const page = await browser.context.newPage();
      await page.goto(MICROSOFT_CHANGE);
      expect(page.url()).toBe(`${portal.url}/change?from=${MICROSOFT_CHANGE}`);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Change your password');
      expect(await page.locator('.came-from__url').textContent()).toContain(MICROSOFT_CHANGE);

      await page.fill('#email', user.email);
      await page.fill('#current-password', user.password);
      await page.fill('#new-password', newPassword);
      await page.fill('#confirm-password', newPassword);
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.waitForLoadState('load');

      await expect
        .poll(() => portal.emulator.verifyPassword(portal.tenantId, user.email, newPassword), {
          timeout: 15_000,
        })
        .toBe(true);
      expect(portal.emulator.verifyPassword(portal.tenantId, user.email, user.password)).toBe(false);
      await page.close();
    });

    it('shows the original page after a pushState redirect too, where `from` arrives URL-encoded', async () => {
      const page = await browser.context.newPage();
      await page.goto('https://mysignins.microsoft.com/security-info');
      await page.click('#change');
      await page.waitForURL(`${portal.url}/change?from=*`);
      expect(page.url()).toContain('from=https%3A%2F%2Fmysignins.microsoft.com');
      await expect
        .poll(() => page.locator('.came-from__url').textContent())
        .toContain('https://mysignins.microsoft.com/security-info/password/change');
      await page.close();
    });
  },
);
