import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import {
  type AdminTestPortal,
  chooseAtIdentityProvider,
  signInAdminInBrowser,
  startAdminTestPortal,
  TEST_ADMIN,
} from '../support/admin-sign-in.js';

const executablePath = chromiumPath();

describe.runIf(executablePath !== undefined)('admin console sign-in in Chromium', () => {
  let t: AdminTestPortal;
  let browser: Browser;

  beforeAll(async () => {
    t = await startAdminTestPortal({ startWorker: false });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("signs in on the identity provider's page, re-authenticates there, and signs out with the button", async () => {
    // The emulator's certificate comes from its own CA, which this fresh browser profile does not know.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await signInAdminInBrowser(page, t.url, TEST_ADMIN);
    expect(new URL(page.url()).pathname).toBe('/admin');
    await expect.poll(() => page.getByRole('heading', { name: 'Overview' }).count()).toBe(1);
    await expect.poll(() => page.getByText(`Signed in as ${TEST_ADMIN.name}`).count()).toBe(1);

    // Re-authentication: the provider shows its page again even though its own session is live.
    await page.goto(`${t.url}/admin/reauth?next=%2Fadmin`);
    expect(page.url().startsWith(t.emulator.oidc.issuer)).toBe(true);
    await chooseAtIdentityProvider(page, t.url, TEST_ADMIN);
    expect(new URL(page.url()).pathname).toBe('/admin');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.url}/admin/signed-out`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'You are signed out of the console' }).count())
      .toBe(1);
    const cookies = await context.cookies(t.url);
    expect(cookies.map((cookie) => cookie.name)).not.toContain('pg_admin');
    await context.close();
  });
});
