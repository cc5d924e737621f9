import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const HEADINGS = { '/change': 'Change your password', '/reset': 'Reset your password' } as const;

/**
 * Checks that the REAL portal page loaded in the tab: its path, its heading, and — when the
 * extension sent a Microsoft URL along — that the page displays that `from` as text, whole and
 * escaped (a `<`, `"` or `&` in it would otherwise break or inject markup).
 */
export async function expectPortalPage(
  page: Page,
  expected: { path: keyof typeof HEADINGS; from?: string },
): Promise<void> {
  expect(new URL(page.url()).pathname).toBe(expected.path);
  expect(await page.locator('h1').textContent()).toBe(HEADINGS[expected.path]);
  if (expected.from === undefined) return;
  const shown = page.locator('.came-from__url');
  expect(await shown.textContent()).toBe(`Full address: ${expected.from}`);
  // Shown, never linked or followed.
  expect(await page.locator('.came-from a').count()).toBe(0);
  expect(await page.locator('input[name="from"]').inputValue()).toBe(expected.from);
}
