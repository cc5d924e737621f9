import { readAudit } from '@passgate/portal';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../support/start-portal.js';

// Journeys that end somewhere, in a real Chromium against a real portal: the change form's success
// lands (303) on its own outcome page, which a reload shows again without posting the password, and
// which leads on to Microsoft 365 and back to where the person came from.

const executablePath = chromiumPath();
const [adele] = DEFAULT_TEST_USERS as [(typeof DEFAULT_TEST_USERS)[number]];
const FROM =
  'https://account.activedirectory.windowsazure.com/ChangePassword.aspx?BrandContextID=O1&ru=https%3A%2F%2Fwww.office.com%2F%3Fauth%3D2';

describe.skipIf(executablePath === undefined)('the outcome of a password change in Chromium', () => {
  let t: TestPortal;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestPortal();
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** What a second post would leave behind: audit rows, counters (lockout, rate limits) and queued jobs. */
  async function traces(): Promise<unknown> {
    const { db } = t.portal.store;
    return {
      audit: (await db.selectFrom('audit_events').select('seq').execute()).length,
      counters: await db.selectFrom('counters').selectAll().orderBy('key').execute(),
    };
  }

  async function changes(email: string): Promise<number> {
    let count = 0;
    for await (const event of readAudit(t.portal.store.db, { username: email }))
      if (event.event_type === 'user_password_change' && event.success) count += 1;
    return count;
  }

  it('lands on /change/done, which a reload shows again without posting, with the ways on', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${t.url}/change?from=${encodeURIComponent(FROM)}`);
    await page.getByLabel('E-mail address').fill(adele.email);
    await page.getByLabel('Current password').fill(adele.password);
    const next = 'Harbour-Quill-Meadow-63';
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('New password again').fill(next);
    await Promise.all([
      page.waitForURL(`${t.url}/change/done`),
      page.getByRole('button', { name: 'Change password' }).click(),
    ]);
    const heading = page.getByRole('heading', { level: 1 });
    expect(await heading.textContent()).toBe('Your password has been changed');
    expect(await page.getByRole('link', { name: 'Sign in to Microsoft 365' }).getAttribute('href')).toBe(
      'https://login.microsoftonline.com/',
    );
    // Microsoft's own return address (ru) in the page they came from.
    expect(await page.getByRole('link', { name: 'Back to where you were' }).getAttribute('href')).toBe(
      'https://www.office.com/',
    );
    expect(t.emulator.verifyPassword(t.tenantId, adele.email, next)).toBe(true);
    expect(await changes(adele.email)).toBe(1);

    const before = await traces();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
    const reloaded = await page.reload();
    expect(reloaded?.status()).toBe(200);
    expect(requests).toContain('GET /change/done');
    expect(requests.filter((line) => line.startsWith('POST'))).toEqual([]);
    expect(await heading.textContent()).toBe('Your password has been changed');
    // Nothing posted again: no "current password is not right", no attempt counted, one change in the audit log.
    expect(await page.getByText('current password is not right').count()).toBe(0);
    expect(await traces()).toEqual(before);
    expect(await changes(adele.email)).toBe(1);
    await context.close();
  });

  it('names the Microsoft host it came from, not the raw address, and fits a 320 px screen', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    const long = `${FROM}&${'x'.repeat(300)}=${'y'.repeat(300)}`;
    await page.goto(`${t.url}/change?from=${encodeURIComponent(long)}`);
    const cameFrom = page.locator('.came-from p').first();
    expect(await cameFrom.textContent()).toContain(
      'You came here from account.activedirectory.windowsazure.com.',
    );
    // The whole address only when asked for.
    expect(await page.getByText(long).isVisible()).toBe(false);
    await page.getByText('Show the full address').click();
    expect(await page.getByText(long).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  });

  it('answers the outcome page opened without its outcome with a neutral page and the way to start', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${t.url}/change/done`);
    expect(response?.status()).toBe(200);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Nothing to show here');
    expect(await page.getByRole('link', { name: 'Change your password' }).getAttribute('href')).toBe(
      '/change',
    );
    expect(await page.getByRole('link', { name: 'Sign in to Microsoft 365' }).count()).toBe(0);
    await context.close();
  });
});
