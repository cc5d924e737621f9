import { fileURLToPath } from 'node:url';
import { LANGUAGES, type Language } from '@passgate/core/i18n';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import {
  type AdminTestPortal,
  chooseAtIdentityProvider,
  startAdminTestPortal,
  TEST_ADMIN,
} from '../support/admin-sign-in.js';
import { type AxeViolation, axeViolations } from '../support/axe-scan.js';
import { type Words, wordsIn } from '../support/catalogue-words.js';
import { authenticatorCode, recoveryUser, registerAuthenticator } from '../support/recovery-methods.js';
import { DEFAULT_TEST_USERS, TEST_TENANT_DOMAIN } from '../support/start-portal.js';

// axe-core on every page of the portal and its admin console, in every shipped language, on a phone
// (375 px) and a desktop (1280 px), with the system set to light and to dark. Pages are reached as a
// person reaches them (labels and buttons found by the catalogue's words for the page's language), so
// the states that only a journey shows are checked too: a form after a refusal, the lockout refusal,
// the reset's verify and new-password steps, the expired sign-in's new password, the outcome of a
// change, signed-in security info with its three "add" pages, and the six console pages. At 375 px
// each page must also reflow (WCAG 1.4.10): nothing wider than the phone's screen.
//
// Every combination, all 10 × 2 × 2 = 40: one run per language, one browser context going through every
// page once; each page, once reached, is scanned in the four width/scheme combinations in turn (the
// viewport resized or the colour scheme switched in place, one at a time). In the dark scheme axe runs
// its colour rules only: the stylesheet's dark scheme swaps colours and nothing else, which
// page-palette.test.ts holds it to, so every other rule finds there what it found in light. Chromium's work is what costs
// time, and it keeps both cores busy, so two languages at once take as long as one after the other
// (measured). On a 2-core machine a language takes about 22 s: 15 in the scans (axe's runs 7.6 s, its
// injection into each page 3.9 s, relayouts), 7 in the journeys.
//
// The accent is an organisation's orange that only just passes in light mode, so its derived dark
// counterpart is checked at the edge too, and the dark palette is shown to be really applied.

const executablePath = chromiumPath();
/**
 * The four combinations, in a round where each step changes one thing: a page is scanned from where the
 * last one ended, so it is laid out and painted again three times, not six.
 */
const COMBINATIONS = [
  { scheme: 'light', width: 375 },
  { scheme: 'light', width: 1280 },
  { scheme: 'dark', width: 1280 },
  { scheme: 'dark', width: 375 },
] as const;
const PASSWORD = 'Harbour-Lantern-73!';
const NEW_PASSWORD = 'Obsidian-Wharf-Clover-81';

interface Run {
  n: number;
  language: Language;
}

const RUNS: Run[] = LANGUAGES.map((language, n) => ({ n, language }));

/** The people each run needs, fresh, so that no run sees another's state. */
const person = (run: Run, role: string): string => `${role}.${run.n}@${TEST_TENANT_DOMAIN}`;
const ROLES = ['change', 'lock', 'reset', 'expired', 'account'] as const;

describe.skipIf(executablePath === undefined)('axe-core on every page, language, width and scheme', () => {
  let t: AdminTestPortal;
  let browser: Browser;
  const keys = new Map<string, string>();

  beforeAll(async () => {
    // The islands must exist before the portal starts (createApp reads them once).
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    t = await startAdminTestPortal({
      users: [
        ...DEFAULT_TEST_USERS,
        ...RUNS.flatMap((run) => ROLES.map((role) => ({ email: person(run, role), password: PASSWORD }))),
      ],
      policy: { lockout: { maxAttempts: 3, durationSeconds: 900, resetCounterMinutes: 15 } },
      config: {
        organisation: {
          name: 'Contoso',
          supportText: 'Call the IT desk on 1234.',
          supportUrl: 'https://help.contoso.example',
        },
        branding: { accentColor: '#c2410c' },
        // Every run signs in from 127.0.0.1: the per-address limit is not what is tested here.
        rateLimits: { perAddress: { max: 100_000, windowSeconds: 900 } },
      },
    });
    const { portal } = t;
    for (const run of RUNS) {
      const reset = person(run, 'reset');
      keys.set(reset, await registerAuthenticator(portal, await recoveryUser(portal, reset), Date.now()));
      for (let i = 0; i < 3; i += 1)
        await portal.accounts.signIn({
          email: person(run, 'lock'),
          password: `Wrong-Guess-${i}!x`,
          clientIp: '203.0.113.9',
          userAgent: 'vitest',
        });
    }
    await portal.store.db
      .updateTable('users')
      .set({ status: 'expired' })
      .where(
        'email',
        'in',
        RUNS.map((run) => person(run, 'expired')),
      )
      .execute();
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** One person's browser in `language` (the `pg_lang` cookie a switcher sets), width and scheme. */
  async function open(
    language: Language,
    { scheme, width }: (typeof COMBINATIONS)[number] = { scheme: 'light', width: 375 },
  ): Promise<Page> {
    const context = await browser.newContext({
      colorScheme: scheme,
      viewport: { width, height: 800 },
      locale: language,
      // The console signs in at the emulator's identity provider, over HTTPS with its own certificate.
      ignoreHTTPSErrors: true,
    });
    await context.addCookies([{ name: 'pg_lang', value: language, url: t.url }]);
    return context.newPage();
  }

  /** Clicks and waits for the page the click loads. */
  async function submit(page: Page, button: ReturnType<Page['getByRole']>): Promise<void> {
    await Promise.all([page.waitForLoadState('load'), button.click()]);
  }

  async function signIn(page: Page, say: Words, email: string, button: string): Promise<void> {
    await page.getByLabel(say('field.email'), { exact: true }).fill(email);
    await page.getByLabel(say('field.password'), { exact: true }).fill(PASSWORD);
    await submit(page, page.getByRole('button', { name: button, exact: true }));
  }

  /**
   * Every page of `run`, each in every width and scheme, with what axe found (besides the language each
   * page said it was in).
   */
  async function scanEveryPage(run: Run): Promise<Record<string, AxeViolation[] | string>> {
    const say = wordsIn(run.language);
    const page = await open(run.language);
    const found: Record<string, AxeViolation[] | string> = {};
    // open() starts in the first combination; the page keeps its width and scheme as it navigates.
    let now = 0;
    const scan = async (name: string): Promise<void> => {
      const lang = await page.evaluate(() => document.documentElement.lang);
      // A page not in the run's language would make its scan prove nothing about that language.
      if (lang.split('-')[0] !== run.language) {
        found[name] = `lang="${lang}"`;
        return;
      }
      for (let step = 0; step < COMBINATIONS.length; step += 1) {
        const from = COMBINATIONS[now] ?? COMBINATIONS[0];
        if (step > 0) now = (now + 1) % COMBINATIONS.length;
        const { scheme, width } = COMBINATIONS[now] ?? COMBINATIONS[0];
        if (scheme !== from.scheme) await page.emulateMedia({ colorScheme: scheme });
        if (width !== from.width) await page.setViewportSize({ width, height: 800 });
        const at = `${name}, ${scheme} ${width}`;
        // The dark scheme changes colours and nothing else (page-palette.test.ts), so in it only the rules
        // that look at colours can find anything the light scheme's full run at this width did not.
        found[at] = await axeViolations(page, undefined, scheme === 'dark' ? 'colour' : 'all');
        if (width !== 375) continue;
        // Reflow (WCAG 1.4.10): nothing wider than the phone's screen.
        const widths = await page.evaluate(() => [
          document.documentElement.scrollWidth,
          document.documentElement.clientWidth,
        ]);
        if ((widths[0] ?? 0) > (widths[1] ?? 0)) found[`${at} width`] = `${widths[0]} px wide`;
      }
    };
    for (const [name, path] of [
      ['/change', '/change'],
      ['/signin', '/signin'],
      ['/reset', '/reset'],
      ['/account signed out', '/account'],
      ['404', '/no/such/page'],
    ] as const) {
      await page.goto(`${t.url}${path}`);
      await scan(name);
    }

    // While typing: the requirement list narrowed to what is missing, and its show-all button.
    await page.goto(`${t.url}/change`);
    await page.getByLabel(say('field.email'), { exact: true }).fill(person(run, 'change'));
    await page.getByLabel(say('field.currentPassword'), { exact: true }).fill('Not-Right-At-All-1');
    await page.getByLabel(say('field.newPassword'), { exact: true }).fill('short');
    await page.locator('button[aria-expanded]').first().waitFor();
    await scan('/change while typing');
    // After a refusal (the browser holds back a new password it knows is wrong, so the server refuses
    // the current one): the error summary, fields marked in error, the requirement list.
    await page.getByLabel(say('field.newPassword'), { exact: true }).fill('Harbour-Lantern-47!');
    await page.getByLabel(say('field.confirmPassword'), { exact: true }).fill('Harbour-Lantern-47!');
    await submit(page, page.getByRole('button', { name: say('change.submit') }));
    await page.locator('#error-summary').waitFor();
    await scan('/change after a refusal');

    // The outcome of a change Microsoft 365 accepted.
    await page.goto(`${t.url}/change`);
    await page.getByLabel(say('field.email'), { exact: true }).fill(person(run, 'change'));
    await page.getByLabel(say('field.currentPassword'), { exact: true }).fill(PASSWORD);
    await page.getByLabel(say('field.newPassword'), { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(say('field.confirmPassword'), { exact: true }).fill(NEW_PASSWORD);
    await submit(page, page.getByRole('button', { name: say('change.submit') }));
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toMatch(new RegExp(`^(${say('outcome.applied.title')}|${say('outcome.queued.title')})$`));
    await scan('outcome of a change');

    // A locked account signing in with its right password.
    await page.goto(`${t.url}/signin`);
    await signIn(page, say, person(run, 'lock'), say('common.continue'));
    await scan('lockout refusal');

    // The expired password's renewal.
    await page.goto(`${t.url}/signin`);
    await Promise.all([
      page.waitForURL(`${t.url}/signin/new-password`),
      signIn(page, say, person(run, 'expired'), say('common.continue')),
    ]);
    await scan('/signin/new-password');

    // The reset's steps: prove it is you (the page solves its proof of work first), a new password.
    const reset = person(run, 'reset');
    await page.goto(`${t.url}/reset`);
    await page.getByLabel(say('field.email'), { exact: true }).fill(reset);
    await Promise.all([
      page.waitForURL(`${t.url}/reset/verify`, { timeout: 30_000 }),
      page.getByRole('button', { name: say('common.continue') }).click(),
    ]);
    await scan('/reset/verify');
    const app = page.getByRole('region', { name: say('kind.totp') });
    await app.getByLabel(say('totp.codeLabel')).fill(authenticatorCode(keys.get(reset) ?? '', Date.now()));
    await Promise.all([
      page.waitForURL(`${t.url}/reset/new-password`),
      app.getByRole('button', { name: say('common.continue') }).click(),
    ]);
    await scan('/reset/new-password');

    // Signed in to security info, and its three "add" pages.
    await page.goto(`${t.url}/account`);
    await signIn(page, say, person(run, 'account'), say('signin.title'));
    await scan('security info');
    await Promise.all([
      page.waitForURL(`${t.url}/account/authenticator`),
      page.getByRole('button', { name: say('addMethods.addTotp') }).click(),
    ]);
    await scan('add an authenticator');
    await page.goto(`${t.url}/account`);
    await Promise.all([
      page.waitForURL(`${t.url}/account/email`),
      page.getByRole('link', { name: say('addMethods.addEmail') }).click(),
    ]);
    await scan('add an e-mail address');
    await page.goto(`${t.url}/account`);
    await submit(page, page.getByRole('button', { name: say('addMethods.createCodes') }));
    await page.getByRole('list', { name: say('codes.listLabel') }).waitFor();
    await scan('recovery codes');

    // The console, signed in at the emulator's identity provider (its page is not ours, nor scanned).
    await page.goto(`${t.url}/admin`);
    await chooseAtIdentityProvider(page, t.url, TEST_ADMIN);
    await scan('console overview');
    for (const [name, link] of [
      ['console users', 'console.nav.users'],
      ['console sync', 'console.nav.sync'],
      ['console audit', 'console.nav.audit'],
      ['console extension', 'console.nav.extension'],
    ] as const) {
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('link', { name: say(link), exact: true }).click(),
      ]);
      await scan(name);
    }
    await page.goto(`${t.url}/admin/users?q=adele`);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('link', { name: DEFAULT_TEST_USERS[0]?.email ?? '' }).click(),
    ]);
    await scan('console user');
    await page.context().close();
    return found;
  }

  it('paints the dark palette when the system asks for it, and the light one otherwise', async () => {
    const pages = await Promise.all(
      (['light', 'dark'] as const).map((scheme) => open('en', { scheme, width: 375 })),
    );
    const [light, dark] = pages as [Page, Page];
    const background = (page: Page): Promise<string> =>
      page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const linkColour = (page: Page): Promise<string> =>
      page.evaluate(() => getComputedStyle(document.querySelector('main a') ?? document.body).color);
    for (const page of pages) await page.goto(`${t.url}/change`);
    expect(await background(light)).toBe('rgb(243, 244, 247)');
    expect(await background(dark)).toBe('rgb(19, 19, 23)');
    // The configured accent in light mode; in dark mode the accent tinted until it reads (#cf6b41).
    expect(await linkColour(light)).toBe('rgb(194, 65, 12)');
    expect(await linkColour(dark)).toBe('rgb(207, 107, 65)');
    await Promise.all(pages.map((page) => page.context().close()));
  });

  for (const run of RUNS) {
    it(`finds no axe violations on any page in ${run.language}, light and dark, 375 and 1280 px`, async () => {
      const found = await scanEveryPage(run);
      const failing = Object.fromEntries(
        Object.entries(found).filter(([, result]) => typeof result === 'string' || result.length > 0),
      );
      expect(Object.keys(found).length).toBeGreaterThanOrEqual(21 * COMBINATIONS.length);
      expect(failing).toEqual({});
    }, 300_000);
  }
});
