import { fileURLToPath } from 'node:url';
import { setAdmin } from '@passgate/portal';
import type { Browser, Locator, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { type Words, wordsIn } from '../support/catalogue-words.js';
import { authenticatorCode, recoveryUser, registerAuthenticator } from '../support/recovery-methods.js';
import { linkToken, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// The person's journeys in English, German and Arabic in a real Chromium, every label, button and
// heading found by the words of the page's language in the shipped catalogue (so the test follows the
// translations, never pinned English): change a password; renew an expired one at sign-in; reset with
// the link to the work mailbox and a second way of another kind (an admin account needs two); add an
// authenticator app in security info. On a phone (375 px), no page of a journey is wider than the
// screen, in any of the three. For Arabic, the change form is checked to run right to left: by element
// boxes (labels on their inputs' right, each show button after its input, so on its left; the heading
// and submit button mirrored against English's) and by a screenshot, whose heading ink must sit as far
// from the right edge as English's does from the left.

const executablePath = chromiumPath();
const LANGUAGES = ['en', 'de', 'ar'] as const;
type JourneyLanguage = (typeof LANGUAGES)[number];
const PASSWORD = 'Harbour-Lantern-73!';
const NEW_PASSWORD = 'Obsidian-Wharf-Clover-81';
const PHONE = { width: 375, height: 667 };

/**
 * Pages (language and path) known to be wider than a 375 px phone, reported as bugs: the signed-in
 * security info in German, 418 px at main a95666b, because its heading is one long compound word
 * ("Ihre Sicherheitsinformationen") that headings do not break.
 */
const KNOWN_TOO_WIDE: ReadonlySet<string> = new Set<string>([]);

/** Each language's own people, so that no journey sees another's state. */
const person = (language: JourneyLanguage, role: string): string =>
  `${role}.${language}@${TEST_TENANT_DOMAIN}`;
const ROLES = ['change', 'expired', 'reset', 'account'] as const;

interface Box {
  left: number;
  right: number;
}

/** What the RTL check compares of /change on a phone: direction, widths and boxes in CSS pixels. */
interface ChangeFormLayout {
  dir: string;
  scrollWidth: number;
  clientWidth: number;
  /** Each label's words, with its input's box. */
  labels: [Box, Box][];
  show: Box;
  showInput: Box;
  heading: Box;
  submit: Box;
  /** The heading's ink in a screenshot of its box, relative to that box. */
  headingInk: Box & { width: number };
}

async function box(locator: Locator): Promise<Box> {
  const found = await locator.boundingBox();
  if (found === null) throw new Error('element not laid out');
  return { left: found.x, right: found.x + found.width };
}

/** Where an element's words sit (a heading or label is a block as wide as its container). */
function textBox(locator: Locator): Promise<Box> {
  return locator.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const rect = range.getBoundingClientRect();
    return { left: rect.left, right: rect.right };
  });
}

/**
 * The horizontal extent of the ink in a screenshot of `locator`'s box: the columns whose pixels differ
 * from the box's background (its top-left pixel), relative to the box. Decoded by a canvas in a blank
 * page of the same browser (the portal's CSP rightly refuses data: images).
 */
async function inkExtent(page: Page, locator: Locator): Promise<Box & { width: number }> {
  const png = (await locator.screenshot()).toString('base64');
  const blank = await page.context().newPage();
  const found = await blank.evaluate(async (data) => {
    const image = new Image();
    image.src = `data:image/png;base64,${data}`;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('no 2d canvas');
    context.drawImage(image, 0, 0);
    const { data: pixels } = context.getImageData(0, 0, image.width, image.height);
    const differs = (x: number, y: number): boolean => {
      const at = (y * image.width + x) * 4;
      return [0, 1, 2].some((c) => Math.abs((pixels[at + c] ?? 0) - (pixels[c] ?? 0)) > 48);
    };
    let left = image.width;
    let right = -1;
    for (let y = 0; y < image.height; y += 1)
      for (let x = 0; x < image.width; x += 1)
        if (differs(x, y)) {
          left = Math.min(left, x);
          right = Math.max(right, x + 1);
        }
    return { left, right, width: image.width };
  }, png);
  await blank.close();
  return found;
}

describe.skipIf(executablePath === undefined)('journeys in English, German and Arabic in Chromium', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let browser: Browser;
  const problems: string[] = [];
  /** The key each seeded authenticator app computes its codes from. */
  const keys = new Map<string, string>();

  beforeAll(async () => {
    // The islands must exist before the portal starts (createApp reads them once).
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: LANGUAGES.flatMap((language) =>
        ROLES.map((role) => ({ email: person(language, role), password: PASSWORD })),
      ),
      // The work mailbox's link counts as a way even beside an app, so the reset uses both.
      config: {
        mail: sink.mailConfig,
        organisation: { name: 'Contoso' },
        recovery: { workMailboxLink: 'always' },
      },
    });
    const { portal } = t;
    for (const language of LANGUAGES) {
      // An admin account resets with two ways of different kinds: here the work mailbox's link and the app.
      const reset = person(language, 'reset');
      keys.set(reset, await registerAuthenticator(portal, await recoveryUser(portal, reset), Date.now()));
      await setAdmin({ db: portal.store.db }, reset, true, new Date(), {
        type: 'admin',
        email: 'it@contoso.example',
      });
    }
    await portal.store.db
      .updateTable('users')
      .set({ status: 'expired' })
      .where(
        'email',
        'in',
        LANGUAGES.map((language) => person(language, 'expired')),
      )
      .execute();
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.stop();
  });

  /** A phone's browser whose person reads `language` (their Accept-Language). */
  async function open(language: JourneyLanguage, path: string): Promise<Page> {
    const context = await browser.newContext({ locale: language, viewport: PHONE });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 4'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.url}${path}`);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    return page;
  }

  const heading = (page: Page): Promise<string | null> =>
    page.getByRole('heading', { level: 1 }).textContent();

  /**
   * Nothing wider than the phone's screen: no sideways scrolling to read or reach anything. A failure
   * names the innermost elements whose content is wider than their box, or whose box leaves the screen.
   */
  async function expectToFit(page: Page): Promise<void> {
    const found = await page.evaluate(() => {
      const client = document.documentElement.clientWidth;
      const past = [...document.body.querySelectorAll('*')].filter((element) => {
        const rect = element.getBoundingClientRect();
        return rect.right > client + 1 || rect.left < -1 || element.scrollWidth > element.clientWidth + 1;
      });
      const innermost = past.filter(
        (element) => !past.some((other) => other !== element && element.contains(other)),
      );
      return {
        scroll: document.documentElement.scrollWidth,
        client,
        culprits: innermost.map(
          (element) => `<${element.tagName.toLowerCase()}> ${(element.textContent ?? '').slice(0, 60)}`,
        ),
      };
    });
    const where = `${await page.evaluate(() => document.documentElement.lang)} ${new URL(page.url()).pathname}`;
    if (KNOWN_TOO_WIDE.has(where)) {
      // A known bug, reported: this fails once it is fixed, so that the page joins the check.
      expect(found.scroll, `${where} now fits: remove it from KNOWN_TOO_WIDE`).toBeGreaterThan(found.client);
      return;
    }
    expect(found.scroll, `${where}: ${found.culprits.join(' | ')}`).toBeLessThanOrEqual(found.client);
  }

  async function click(page: Page, button: Locator): Promise<void> {
    await Promise.all([page.waitForLoadState('load'), button.click()]);
  }

  async function chooseNewPassword(page: Page, say: Words): Promise<void> {
    expect(await heading(page)).toBe(say('newPassword.chooseTitle'));
    await expectToFit(page);
    await page.getByLabel(say('field.newPassword'), { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel(say('field.confirmPassword'), { exact: true }).fill(NEW_PASSWORD);
    await click(page, page.getByRole('button', { name: say('newPassword.setNew') }));
    await expect.poll(() => heading(page)).toBe(say('recovery.set.title'));
    await expectToFit(page);
  }

  for (const language of LANGUAGES) {
    const say = wordsIn(language);

    it(`changes a password in ${language}`, async () => {
      const email = person(language, 'change');
      const page = await open(language, '/change');
      expect(await heading(page)).toBe(say('change.title'));
      await expectToFit(page);
      await page.getByLabel(say('field.email'), { exact: true }).fill(email);
      await page.getByLabel(say('field.currentPassword'), { exact: true }).fill(PASSWORD);
      await page.getByLabel(say('field.newPassword'), { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel(say('field.confirmPassword'), { exact: true }).fill(NEW_PASSWORD);
      await click(page, page.getByRole('button', { name: say('change.submit') }));
      await expect
        .poll(() => heading(page))
        .toMatch(new RegExp(`^(${say('outcome.applied.title')}|${say('outcome.queued.title')})$`));
      await expectToFit(page);
      await waitUntil(() => t.emulator.verifyPassword(t.tenantId, email, NEW_PASSWORD));
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it(`renews an expired password at sign-in in ${language}`, async () => {
      const email = person(language, 'expired');
      const page = await open(language, '/signin');
      expect(await heading(page)).toBe(say('signin.title'));
      await expectToFit(page);
      await page.getByLabel(say('field.email'), { exact: true }).fill(email);
      await page.getByLabel(say('field.password'), { exact: true }).fill(PASSWORD);
      await Promise.all([
        page.waitForURL(`${t.url}/signin/new-password`),
        page.getByRole('button', { name: say('common.continue') }).click(),
      ]);
      await chooseNewPassword(page, say);
      expect(t.emulator.verifyPassword(t.tenantId, email, NEW_PASSWORD)).toBe(true);
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it(`resets with the work mailbox's link and an authenticator app in ${language}`, async () => {
      const email = person(language, 'reset');
      const page = await open(language, '/reset');
      expect(await heading(page)).toBe(say('reset.title'));
      await expectToFit(page);
      await page.getByLabel(say('field.email'), { exact: true }).fill(email);
      // The page solves its proof of work, then posts.
      await Promise.all([
        page.waitForURL(`${t.url}/reset/verify`, { timeout: 30_000 }),
        page.getByRole('button', { name: say('common.continue') }).click(),
      ]);
      expect(await heading(page)).toBe(say('verify.title'));
      await expectToFit(page);
      const mailbox = page.getByRole('region', { name: say('resetVerify.mailboxTitle') });
      const seen = sink.received.filter((mail) => mail.to.includes(email)).length;
      await click(page, mailbox.getByRole('button', { name: say('resetVerify.sendLink') }));
      await waitUntil(() => sink.received.filter((mail) => mail.to.includes(email)).length > seen);
      const mail = sink.received.filter((received) => received.to.includes(email)).at(-1);
      if (mail === undefined) throw new Error('no mail');
      await page.goto(`${t.url}/reset/confirm?token=${linkToken(mail, '/reset/confirm')}`);
      expect(await heading(page)).toBe(say('resetLink.title'));
      await expectToFit(page);
      await Promise.all([
        page.waitForURL(`${t.url}/reset/verify`),
        page.getByRole('button', { name: say('common.continue') }).click(),
      ]);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees
      expect(await page.locator('main').innerText()).toContain(say('resetVerify.oneMore'));
      const app = page.getByRole('region', { name: say('kind.totp') });
      await app.getByLabel(say('totp.codeLabel')).fill(authenticatorCode(keys.get(email) ?? '', Date.now()));
      await Promise.all([
        page.waitForURL(`${t.url}/reset/new-password`),
        app.getByRole('button', { name: say('common.continue') }).click(),
      ]);
      await chooseNewPassword(page, say);
      await waitUntil(() => t.emulator.verifyPassword(t.tenantId, email, NEW_PASSWORD));
      expect(problems).toEqual([]);
      await page.context().close();
    });

    it(`adds an authenticator app in security info in ${language}`, async () => {
      const email = person(language, 'account');
      const page = await open(language, '/account');
      await page.getByLabel(say('field.email'), { exact: true }).fill(email);
      await page.getByLabel(say('field.password'), { exact: true }).fill(PASSWORD);
      await click(page, page.getByRole('button', { name: say('signin.title'), exact: true }));
      expect(await heading(page)).toBe(say('account.title'));
      await expectToFit(page);
      await Promise.all([
        page.waitForURL(`${t.url}/account/authenticator`),
        page.getByRole('button', { name: say('addMethods.addTotp') }).click(),
      ]);
      expect(await heading(page)).toBe(say('totp.title'));
      await expectToFit(page);
      // The key typed by hand, as a person whose camera cannot scan the QR code would.
      const key = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
      await page.getByLabel(say('totp.codeLabel')).fill(authenticatorCode(key, Date.now()));
      await Promise.all([
        page.waitForURL(`${t.url}/account?done=authenticator`),
        page.getByRole('button', { name: say('totp.addButton') }).click(),
      ]);
      expect(await heading(page)).toBe(say('account.title'));
      await expectToFit(page);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees
      expect(await page.locator('main').innerText()).toContain(say('kind.totp'));
      expect(problems).toEqual([]);
      await page.context().close();
    });
  }

  it('lays the Arabic change form out right to left on a phone, mirroring English, with nothing overflowing', async () => {
    const en = await layout('en');
    const ar = await layout('ar');
    expect(ar.dir).toBe('rtl');
    expect(en.dir).toBe('ltr');
    // Nothing wider than the phone's screen, in either.
    expect(ar.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(en.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    // Labels start where their inputs start: at the right in Arabic, at the left in English.
    for (const [label, input] of ar.labels) {
      expect(Math.abs(label.right - input.right)).toBeLessThan(2);
      expect(label.left).toBeGreaterThan(input.left + 20);
    }
    for (const [label, input] of en.labels) {
      expect(Math.abs(label.left - input.left)).toBeLessThan(2);
      expect(label.right).toBeLessThan(input.right - 20);
    }
    // Reading order: the show button comes after its input, so on its left in Arabic, its right in English.
    const middle = (b: Box): number => (b.left + b.right) / 2;
    expect(middle(ar.show)).toBeLessThan(middle(ar.showInput));
    expect(middle(en.show)).toBeGreaterThan(middle(en.showInput));
    // The heading's words and the submit button sit mirrored: as far from the right edge in Arabic as
    // from the left edge in English (the same margins, the same form).
    expect(Math.abs(ar.clientWidth - ar.heading.right - en.heading.left)).toBeLessThan(2);
    expect(Math.abs(ar.clientWidth - ar.submit.right - en.submit.left)).toBeLessThan(2);
    // The screenshot agrees: the heading's ink starts at the right in Arabic and at the left in English.
    expect(Math.abs(ar.headingInk.width - ar.headingInk.right - en.headingInk.left)).toBeLessThan(4);
    expect(ar.headingInk.left).toBeGreaterThan(ar.headingInk.width - ar.headingInk.right);
    expect(en.headingInk.width - en.headingInk.right).toBeGreaterThan(en.headingInk.left);
    expect(problems).toEqual([]);
  });

  /** The boxes of /change on a phone in `language`. */
  async function layout(language: 'en' | 'ar'): Promise<ChangeFormLayout> {
    const say = wordsIn(language);
    const page = await open(language, '/change');
    // The password island has hydrated (only it adds the show buttons), speaking the page's language.
    const currentPassword = say('field.currentPassword');
    const show = page.getByRole('button', { name: `${say('field.show')} ${currentPassword.toLowerCase()}` });
    await show.waitFor();
    const labels: [Box, Box][] = [];
    for (const key of ['field.email', 'field.currentPassword'] as const) {
      const name = say(key);
      labels.push([
        await textBox(page.locator('label', { hasText: name }).first()),
        await box(page.getByLabel(name, { exact: true })),
      ]);
    }
    const title = page.getByRole('heading', { level: 1 });
    const found = {
      dir: await page.evaluate(() => document.documentElement.dir),
      scrollWidth: await page.evaluate(() => document.documentElement.scrollWidth),
      clientWidth: await page.evaluate(() => document.documentElement.clientWidth),
      labels,
      show: await box(show),
      showInput: await box(page.getByLabel(currentPassword, { exact: true })),
      heading: await textBox(title),
      submit: await box(page.getByRole('button', { name: say('change.submit') })),
      headingInk: await inkExtent(page, title),
    };
    await page.context().close();
    return found;
  }
});
