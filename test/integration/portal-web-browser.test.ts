import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../support/start-portal.js';

// The change page in a real Chromium against a real portal: the CSP lets the island run (and
// nothing else), the island ticks requirements as the user types, the browser's own form post
// passes the CSRF Origin check, and the page works with JavaScript switched off.

const executablePath = chromiumPath();
const [adele, alex] = DEFAULT_TEST_USERS as [
  (typeof DEFAULT_TEST_USERS)[number],
  (typeof DEFAULT_TEST_USERS)[number],
];

describe.skipIf(executablePath === undefined)('the change page in Chromium', () => {
  let test: TestPortal;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    // The island bundle must exist before the portal starts (createApp reads it once).
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    test = await startTestPortal();
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await test?.close();
  });

  async function open(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    // A CSP violation or a script error shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 4'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${test.url}/change`);
    return page;
  }

  it('hydrates the island, which ticks requirements live and adds show/hide buttons', async () => {
    const page = await open();
    const newPassword = page.locator('#new-password');
    await expect.poll(() => page.locator('button[aria-controls="new-password"]').count()).toBe(1);
    const tooShort = page.locator('#new-password-requirements li', { hasText: 'At least 12 characters' });
    await newPassword.fill('abc');
    await expect.poll(() => tooShort.getAttribute('class')).toContain('requirement--unmet');
    await newPassword.fill('abcdefghijklmn');
    // Met, so the narrowed list leaves it out until the person asks for every requirement.
    await expect.poll(() => tooShort.count()).toBe(0);
    await page.getByRole('button', { name: /^Show all/ }).click();
    await expect.poll(() => tooShort.getAttribute('class')).toContain('requirement--met');
    await page.click('button[aria-controls="new-password"]');
    expect(await newPassword.getAttribute('type')).toBe('text');
    expect(problems).toEqual([]);
  });

  it('moves focus to the error summary after a refusal', async () => {
    const page = await open();
    await page.fill('#email', alex.email);
    await page.fill('#current-password', 'Not-Right-At-All-1');
    await page.fill('#new-password', 'Cobalt-Heron-Lantern-55');
    await page.fill('#confirm-password', 'Cobalt-Heron-Lantern-55');
    await Promise.all([page.waitForURL(`${test.url}/change`), page.click('main button[type=submit]')]);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await page.locator('#error-summary').innerText()).toContain('current password is not right');
  });

  it('changes the password from the browser form, and Microsoft 365 holds it', async () => {
    const page = await open();
    const next = 'Juniper-Compass-Tide-81';
    await page.fill('#email', adele.email);
    await page.fill('#current-password', adele.password);
    await page.fill('#new-password', next);
    await page.fill('#confirm-password', next);
    await page.click('main button[type=submit]');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    await expect.poll(() => page.locator('h1').innerText()).toBe('Your password has been changed');
    expect(test.emulator.verifyPassword(test.tenantId, adele.email, next)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('works with JavaScript switched off: the server is the judge', async () => {
    const page = await open(false);
    expect(await page.locator('button[aria-controls]').count()).toBe(0);
    await page.fill('#email', alex.email);
    await page.fill('#current-password', alex.password);
    await page.fill('#new-password', 'short');
    await page.fill('#confirm-password', 'short');
    await page.click('main button[type=submit]');
    await expect
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
      .poll(() => page.locator('#error-summary').innerText())
      .toContain('Use at least 12 characters.');
    const next = 'Granite-Willow-Ember-47';
    await page.fill('#current-password', alex.password);
    await page.fill('#new-password', next);
    await page.fill('#confirm-password', next);
    await page.click('main button[type=submit]');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    await expect.poll(() => page.locator('h1').innerText()).toBe('Your password has been changed');
    expect(test.emulator.verifyPassword(test.tenantId, alex.email, next)).toBe(true);
  });
});
