import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath } from '../e2e/support/chromium-path.js';
import { axeViolations } from '../support/axe-scan.js';
import { DEFAULT_TEST_USERS, startTestPortal, type TestPortal } from '../support/start-portal.js';

// The portal's pages in a real Chromium with the system set to dark and to light, on a phone and a
// desktop: axe-core finds nothing on any of them (contrast included), and dark mode is really applied.
// The accent is an organisation's orange that only just passes in light mode, so its derived dark
// counterpart is checked at the edge too.

const executablePath = chromiumPath();
const [adele, alex] = DEFAULT_TEST_USERS as [
  (typeof DEFAULT_TEST_USERS)[number],
  (typeof DEFAULT_TEST_USERS)[number],
];
const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [375, 1280] as const;

describe.skipIf(executablePath === undefined)('portal pages in light and dark mode', () => {
  let t: TestPortal;
  let browser: Browser;

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestPortal({
        startWorker: false,
        config: {
          organisation: {
            name: 'Contoso',
            supportText: 'Call the IT desk on 1234.',
            supportUrl: 'https://help.contoso.example',
          },
          branding: { accentColor: '#c2410c' },
        },
      }),
      chromium.launch({
        executablePath: executablePath ?? '',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu'],
      }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(scheme: (typeof SCHEMES)[number], width: number, path: string): Promise<Page> {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${t.url}${path}`);
    return page;
  }

  /** The page's background, as the browser paints it. */
  const background = (page: Page): Promise<string> =>
    page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

  /** The colour of the first link in the page's main part (the organisation's accent). */
  const linkColour = (page: Page): Promise<string> =>
    page.evaluate(() => getComputedStyle(document.querySelector('main a') ?? document.body).color);

  it('paints the dark palette when the system asks for it, and the light one otherwise', async () => {
    const light = await open('light', 375, '/change');
    const dark = await open('dark', 375, '/change');
    expect(await background(light)).toBe('rgb(243, 244, 247)');
    expect(await background(dark)).toBe('rgb(19, 19, 23)');
    // The configured accent in light mode; in dark mode the accent tinted until it reads (#cf6b41).
    expect(await linkColour(light)).toBe('rgb(194, 65, 12)');
    expect(await linkColour(dark)).toBe('rgb(207, 107, 65)');
    await Promise.all([light.context().close(), dark.context().close()]);
  });

  for (const scheme of SCHEMES) {
    for (const width of WIDTHS) {
      it(`finds no axe violations on the portal’s pages in ${scheme} mode at ${width} px`, async () => {
        // One context, as one person going from page to page.
        const page = await open(scheme, width, '/change');
        const found: Record<string, unknown> = {};
        for (const path of ['/change', '/signin', '/reset', '/account', '/no/such/page']) {
          await page.goto(`${t.url}${path}`);
          found[path] = await axeViolations(page);
        }
        // While typing: the requirement list narrowed to what is missing, and its show-all button.
        await page.goto(`${t.url}/change`);
        await page.getByLabel('E-mail address').fill(adele.email);
        await page.getByLabel('Current password').fill('Not-Right-At-All-1');
        await page.getByLabel('New password', { exact: true }).fill('short');
        await page.getByRole('button', { name: /^Show all/ }).waitFor();
        found['/change while typing'] = await axeViolations(page);
        // After a refusal (the browser holds back a new password it knows is wrong, so the server
        // refuses the current one): the error summary, fields marked in error, the requirement list.
        await page.getByLabel('New password', { exact: true }).fill('Harbour-Lantern-47!');
        await page.getByLabel('New password again').fill('Harbour-Lantern-47!');
        await Promise.all([
          page.waitForLoadState('load'),
          page.getByRole('button', { name: 'Change password' }).click(),
        ]);
        await page.locator('#error-summary').waitFor();
        found['/change after an error'] = await axeViolations(page);
        // Security info once signed in: the list of ways back in, then the authenticator's QR code.
        await page.goto(`${t.url}/account`);
        await page.getByLabel('E-mail address').fill(alex.email);
        await page.getByLabel('Password', { exact: true }).fill(alex.password);
        await Promise.all([
          page.waitForLoadState('load'),
          page.getByRole('button', { name: 'Sign in' }).click(),
        ]);
        found['security info'] = await axeViolations(page);
        await Promise.all([
          page.waitForURL(`${t.url}/account/authenticator`),
          page.getByRole('button', { name: 'Add an authenticator app' }).click(),
        ]);
        found['/account/authenticator'] = await axeViolations(page);
        await page.context().close();
        expect(found).toEqual({
          '/change': [],
          '/signin': [],
          '/reset': [],
          '/account': [],
          '/no/such/page': [],
          '/change while typing': [],
          '/change after an error': [],
          'security info': [],
          '/account/authenticator': [],
        });
      });
    }
  }
});
