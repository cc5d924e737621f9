import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../support/start-portal.js';

// The live checklist on /change, on a phone-sized Chromium, by labels: it ticks only what the
// browser can judge, never calls a refused password strong, narrows to what is missing, and holds
// back a new password it knows is wrong so the current password stays typed.

const executablePath = chromiumPath();
const [adele] = DEFAULT_TEST_USERS as [(typeof DEFAULT_TEST_USERS)[number]];

describe.skipIf(executablePath === undefined)('the /change checklist in Chromium', () => {
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

  async function open(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 375, height: 667 }, isMobile: true });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${test.url}/change`);
    // Hydrated once the show/hide buttons exist.
    await page.getByRole('button', { name: 'Show new password', exact: true }).waitFor();
    return page;
  }

  const newPassword = (page: Page) => page.getByLabel('New password', { exact: true });
  const requirements = (page: Page) => page.locator('#new-password-requirements li');
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
  const status = (page: Page): Promise<string> => page.locator('.strength').innerText();

  it('leaves the server-only checks pending and counts only what the browser checked', async () => {
    const page = await open();
    await newPassword(page).fill('Harbour-Lantern-47!xq');
    await expect.poll(() => status(page)).toContain('4 more are checked when you submit');
    const text = await status(page);
    const [, met, checked] = /(\d+) of the (\d+) requirements checked here are met/.exec(text) ?? [];
    expect(met).toBe(checked);
    await page.getByRole('button', { name: /^Show all \d+ requirements$/ }).click();
    for (const rule of [
      'Not a commonly used password',
      "Not built from common words, your name or the organisation's name",
      'Not one of your last 5 passwords',
    ]) {
      const item = requirements(page).filter({ hasText: rule });
      expect(await item.getAttribute('class')).toContain('requirement--on-submit');
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
      expect(await item.innerText()).toContain('checked when you submit');
    }
    // Nowhere near 256 characters: the limit is not ticked, nor listed.
    expect(await requirements(page).filter({ hasText: 'At most 256 characters' }).count()).toBe(0);
  });

  it('never says strong, nor shows green, while a requirement fails', async () => {
    const page = await open();
    // Long enough to be "strong" by length, but without a number: the rule fails.
    await newPassword(page).fill('Harbour-Lantern-Compass-Tide!');
    await expect.poll(() => status(page)).toContain('of the');
    expect(await status(page)).not.toMatch(/strong|good/i);
    const level = await page.locator('.strength').getAttribute('class');
    expect(level).not.toMatch(/strength--(strong|good)/);
    await newPassword(page).fill('Harbour-Lantern-Compass-Tide-4!');
    await expect.poll(() => status(page)).toContain('Strength: strong.');
  });

  it('narrows the list to what is missing while typing, and expands it with a real button', async () => {
    const page = await open();
    const all = await requirements(page).count();
    expect(all).toBeGreaterThan(8);
    await newPassword(page).fill('harbour-lantern');
    await expect.poll(() => requirements(page).count()).toBe(2);
    expect(await requirements(page).allInnerTexts()).toEqual([
      expect.stringContaining('An uppercase letter (A-Z)'),
      expect.stringContaining('A number (0-9)'),
    ]);
    const showAll = page.getByRole('button', { name: /^Show all \d+ requirements$/ });
    expect(await showAll.getAttribute('aria-expanded')).toBe('false');
    await showAll.click();
    const showMissing = page.getByRole('button', { name: 'Show only what is missing' });
    expect(await showMissing.getAttribute('aria-expanded')).toBe('true');
    // Every requirement but the out-of-reach maximum length.
    expect(await requirements(page).count()).toBe(all - 1);
    await showMissing.click();
    await expect.poll(() => requirements(page).count()).toBe(2);
  });

  it('keeps the current password when only the new one is wrong: nothing is sent', async () => {
    const page = await open();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url());
    });
    await page.getByLabel('E-mail address').fill(adele.email);
    await page.getByLabel('Current password').fill(adele.password);
    await newPassword(page).fill('short');
    await page.getByLabel('New password again').fill('short');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('new-password');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await page.locator('#new-password-error').innerText()).toContain(
      'Your new password does not meet 4 requirements yet',
    );
    expect(await page.getByLabel('Current password').inputValue()).toBe(adele.password);
    expect(posts).toEqual([]);
    // Fixed, the same form goes through with the password the person typed at the start.
    const next = 'Harbour-Lantern-47!xq';
    await newPassword(page).fill(next);
    await page.getByLabel('New password again').fill(next);
    await page.getByRole('button', { name: 'Change password' }).click();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    await expect.poll(() => page.locator('h1').innerText()).toBe('Your password has been changed');
    expect(test.emulator.verifyPassword(test.tenantId, adele.email, next)).toBe(true);
    expect(problems).toEqual([]);
  });
});
