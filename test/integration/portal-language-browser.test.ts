import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { startTestPortal, type TestPortal } from '../support/start-portal.js';

// The page language in a real Chromium, found by labels as a person finds them: Arabic lays the form
// out from the right (compared by element boxes, not pixels), and the switcher changes the language
// without JavaScript and keeps it.

const executablePath = chromiumPath();

async function box(locator: Locator): Promise<{ left: number; right: number }> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error('element not laid out');
  return { left: found.x, right: found.x + found.width };
}

/** Where a label's words sit (the label itself is a block as wide as the form). */
async function textBox(locator: Locator): Promise<{ left: number; right: number }> {
  return locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rect = range.getBoundingClientRect();
    return { left: rect.left, right: rect.right };
  });
}

describe.skipIf(executablePath === undefined)('page language in Chromium', () => {
  let t: TestPortal;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestPortal({ users: [] });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(locale: string, javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({
      locale,
      javaScriptEnabled,
      viewport: { width: 1280, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${t.url}/change`);
    return page;
  }

  it('sets the labels of an Arabic form on the right, against the inputs’ right edge', async () => {
    const page = await open('ar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    // The password island has hydrated (only it adds the show buttons), speaking the page's language.
    await page.getByRole('button', { name: 'إظهار كلمة المرور الحالية' }).waitFor();
    await page.getByLabel('كلمة المرور الجديدة', { exact: true }).fill('abc');
    await expect(page.getByText('القوة: ضعيفة.', { exact: false }).textContent()).resolves.toContain(
      'تم استيفاء',
    );
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('تغيير كلمة المرور');
    for (const name of ['عنوان البريد الإلكتروني', 'كلمة المرور الحالية']) {
      const label = await textBox(page.locator('label', { hasText: name }));
      const input = await box(page.getByLabel(name, { exact: true }));
      // Right to left: a label's words start where its input starts, at the right, and end well before its left.
      expect(Math.abs(label.right - input.right), name).toBeLessThan(2);
      expect(label.left, name).toBeGreaterThan(input.left + 20);
    }
    await page.context().close();
  });

  it('sets the labels of an English form on the left', async () => {
    const page = await open('en-GB');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    const label = await textBox(page.locator('label', { hasText: 'E-mail address' }));
    const input = await box(page.getByLabel('E-mail address', { exact: true }));
    expect(Math.abs(label.left - input.left)).toBeLessThan(2);
    expect(label.right).toBeLessThan(input.right - 20);
    await page.context().close();
  });

  it('switches the language without JavaScript and keeps it on the next page', async () => {
    const page = await open('ar', false);
    await page.getByLabel('اللغة').selectOption('de');
    await page.getByRole('button', { name: 'تغيير اللغة' }).click();
    await page.waitForURL(`${t.url}/change`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kennwort ändern');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await page.getByRole('link', { name: 'Kennwort vergessen?' }).click();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Kennwort zurücksetzen');
    await page.context().close();
  });
});
