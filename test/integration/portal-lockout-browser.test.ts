import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// Issue 16, "Honest states", in a real Chromium driven by labels and roles: after too many wrong
// passwords the right one is answered with a page that names the lock and when it ends, and its button
// carries the address on to /reset in a form post, never in the address bar.

const executablePath = chromiumPath();
const PASSWORD = 'Harbour-Lantern-73!';
const LOCK_MINUTES = 15;
const lou = `lou.lockout@${TEST_TENANT_DOMAIN}`;

describe.skipIf(executablePath === undefined)('the lockout page in Chromium', () => {
  let t: TestPortal;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    // The islands (the proof of work a busy address is asked for) must exist before the portal starts.
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    t = await startTestPortal({
      users: [{ email: lou, password: PASSWORD }],
      policy: { lockout: { maxAttempts: 3, durationSeconds: LOCK_MINUTES * 60, resetCounterMinutes: 15 } },
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(page: Page, password: string): Promise<void> {
    await page.getByLabel('E-mail address').fill(lou);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Continue' }).click(),
    ]);
  }

  it('names the lock and its end, and offers the reset without the address in a URL', async () => {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.url}/signin`);
    const before = Date.now();
    for (let i = 0; i < 3; i += 1) {
      await signIn(page, `Wrong-Guess-${i}-Password!`);
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('is not right');
    }
    const after = Date.now();
    await signIn(page, PASSWORD);

    const heading = page.getByRole('heading', { level: 1, name: 'Your account is locked' });
    await expect.poll(() => heading.count()).toBe(1);
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toContain(`locked for ${LOCK_MINUTES} more minutes, until`);
    const end = alert.locator('time');
    expect(await end.textContent()).toContain('UTC');
    const until = Date.parse((await end.getAttribute('datetime')) ?? '');
    expect(until).toBeGreaterThanOrEqual(before + LOCK_MINUTES * 60_000 - 1000);
    expect(until).toBeLessThanOrEqual(after + LOCK_MINUTES * 60_000 + 1000);

    const unlock = page.getByRole('region', { name: 'Unlock it now' });
    await Promise.all([
      page.waitForURL(`${t.url}/reset/prefill`),
      unlock.getByRole('button', { name: 'Reset or unlock' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Reset your password');
    expect(await page.getByLabel('E-mail address').inputValue()).toBe(lou);
    expect(page.url()).not.toContain(lou);
    expect(page.url()).not.toContain(encodeURIComponent(lou));
    expect(problems).toEqual([]);
  });
});
