import { fileURLToPath } from 'node:url';
import { addUser } from '@passgate/portal';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// The set-a-new-password pages in a real Chromium against a real portal: the island hydrates
// without a current-password field, checks the username it was given by the server (there is no
// e-mail input on these pages), and the browser's own posts get through to Microsoft 365. /reset asks
// for a proof of work at the default difficulty: the challenge island solves it in the page; people
// here registered no other way, so /reset offers them a link to their work mailbox.

const executablePath = chromiumPath();
const OLD = 'Harbour-Lantern-73!';
const ivy = `ivy.expired@${TEST_TENANT_DOMAIN}`;
const paula = `paula.pending@${TEST_TENANT_DOMAIN}`;
const rosa = `rosa.reset@${TEST_TENANT_DOMAIN}`;
const nora = `nora.noscript@${TEST_TENANT_DOMAIN}`;

describe.skipIf(executablePath === undefined)('the recovery pages in Chromium', () => {
  let t: TestPortal;
  let browser: Browser;
  const problems: string[] = [];

  beforeAll(async () => {
    // The island bundle must exist before the portal starts (createApp reads it once).
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    t = await startTestPortal({
      users: [
        { email: ivy, password: OLD, displayName: 'Ivy Expired', microsoft: { accountEnabled: false } },
        { email: rosa, password: OLD, displayName: 'Rosa Reset' },
        { email: nora, password: OLD, displayName: 'Nora Noscript' },
      ],
      // No SMTP: only the demo logs the mailed links, which the activation test follows. `bots: {}`:
      // the proof of work a person's browser is asked for, not the test clients' easy one.
      config: { demo: true, bots: {} },
    });
    await t.portal.store.db
      .updateTable('users')
      .set({ status: 'expired' })
      .where('email', '=', ivy)
      .execute();
    await addUser(
      t.portal.store.db,
      { email: paula, displayName: 'Paula Pending', password: null },
      new Date(),
    );
    t.emulator.addUser(t.tenantId, {
      userPrincipalName: paula,
      accountEnabled: false,
      password: 'Imported-Unknown-1!',
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(path: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 4'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.url}${path}`);
    return page;
  }

  /** A link the demo mail folder logged for a mail to `to` (no SMTP configured; the queue sends in the background). */
  const mailedLink = (to: string, prefix: string): string | undefined =>
    t.logs
      .map((line) => JSON.parse(line) as { msg?: string; to?: string; links?: string[] })
      .filter((entry) => entry.msg === 'mail written to the mail folder' && entry.to === to)
      .flatMap((entry) => entry.links ?? [])
      .find((candidate) => candidate.startsWith(`${t.url}${prefix}`));

  const heading = (page: Page) => page.locator('h1').textContent();

  const usernameRule = (page: Page) =>
    page.locator('#new-password-requirements li', { hasText: 'Not containing your name, username' });

  it('expired: signs in, ticks the username rule live on the new-password page, and unblocks Microsoft 365', async () => {
    const page = await open('/signin');
    await page.fill('#email', ivy);
    await page.fill('#current-password', OLD);
    await Promise.all([
      page.waitForURL(`${t.url}/signin/new-password`),
      page.click('main button[type=submit]'),
    ]);
    expect(await page.locator('h1').textContent()).toBe('Choose a new password');
    expect(await page.locator('#current-password').count()).toBe(0);
    await expect.poll(() => page.locator('button[aria-controls="new-password"]').count()).toBe(1);

    await page.fill('#new-password', 'Ivy.Expired-Lantern-42');
    await expect.poll(() => usernameRule(page).getAttribute('class')).toContain('requirement--unmet');
    const next = 'Obsidian-Wharf-Clover-81';
    await page.fill('#new-password', next);
    // Met: the list, narrowed to what is missing, leaves it out; among all of them it is ticked.
    await expect.poll(() => usernameRule(page).count()).toBe(0);
    await page.getByRole('button', { name: /^Show all/ }).click();
    await expect.poll(() => usernameRule(page).getAttribute('class')).toContain('requirement--met');
    await page.fill('#confirm-password', next);
    await Promise.all([page.waitForURL(`${t.url}/signin/done`), page.click('main button[type=submit]')]);
    expect(await page.locator('h1').textContent()).toBe('Your new password is set');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await page.locator('main').innerText()).toContain('Microsoft 365 now uses your new password');
    expect(t.emulator.verifyPassword(t.tenantId, ivy, next)).toBe(true);
    expect(t.emulator.getUser(t.tenantId, ivy)?.accountEnabled).toBe(true);
    expect(problems).toEqual([]);
  });

  /** Types the address on /reset (the page solves its proof of work first), then asks for a link to the work mailbox. */
  async function askForLink(page: Page, email: string): Promise<void> {
    await page.fill('#email', email);
    await Promise.all([
      page.waitForURL(`${t.url}/reset/verify`, { timeout: 30_000 }),
      page.click('main button[type=submit]'),
    ]);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Send a link to my work mailbox' }).click(),
    ]);
    await expect.poll(() => heading(page)).toBe('Check your work e-mail');
  }

  it('activation: asks for a link on /reset, follows the mailed link and sets the first password', async () => {
    const page = await open('/reset');
    await askForLink(page, paula);

    const activationLink = () => mailedLink(paula, '/activate?token=');
    await expect.poll(activationLink, { timeout: 10_000 }).toBeDefined();
    const link = activationLink();
    await page.goto(link ?? '');
    expect(await page.locator('h1').textContent()).toBe('Set your password');
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await page.locator('main').innerText()).toContain('Welcome, Paula Pending');
    await expect.poll(() => page.locator('button[aria-controls="new-password"]').count()).toBe(1);
    await page.fill('#new-password', 'Paula.Pending-99-Tulip');
    await expect.poll(() => usernameRule(page).getAttribute('class')).toContain('requirement--unmet');
    const first = 'Marble-Cascade-Willow-36';
    await page.fill('#new-password', first);
    await page.fill('#confirm-password', first);
    await Promise.all([page.waitForURL(`${t.url}/activate/done`), page.click('main button[type=submit]')]);
    // Their first password: set, not "new", and nothing about signing in "again".
    expect(await page.locator('h1').textContent()).toBe('Your password is set');
    expect(t.emulator.verifyPassword(t.tenantId, paula, first)).toBe(true);
    expect(t.emulator.getUser(t.tenantId, paula)?.accountEnabled).toBe(true);

    // The link worked once.
    await page.goto(link ?? '');
    expect(await page.locator('h1').textContent()).toBe('This link has expired or was already used');
    expect(problems).toEqual([]);
  });

  it('reset: solves the proof of work in the page, posts, and the reset link arrives by mail', async () => {
    const page = await open('/reset');
    // With JavaScript the noscript words stay hidden, and the island fills the hidden field by itself.
    expect(await page.locator('noscript .notice').isVisible()).toBe(false);
    await expect.poll(() => page.inputValue('input[name="altcha"]'), { timeout: 30_000 }).not.toBe('');
    await page.fill('#email', rosa);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.click('main button[type=submit]'),
    ]);
    // Accepted: the reset goes on to the ways to prove it is you; Rosa has only her work mailbox.
    expect(answer.status()).toBe(303);
    await expect.poll(() => heading(page)).toBe('Prove it is you');
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Send a link to my work mailbox' }).click(),
    ]);
    await expect.poll(() => heading(page)).toBe('Check your work e-mail');
    await expect.poll(() => mailedLink(rosa, '/reset/confirm?token='), { timeout: 10_000 }).toBeDefined();
    expect(problems).toEqual([]);
  });

  it('reset without JavaScript: the page says this step needs it, and a sent form is refused and mails nothing', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.url}/reset`);
    // Playwright's text queries skip <noscript>: the words are found by their element, and must show.
    const notice = page.locator('noscript .notice');
    expect(await notice.isVisible()).toBe(true);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await notice.innerText()).toContain('This step needs JavaScript.');
    const { db } = t.portal.store;
    // A reset request is a queued row until the sender resolves it into an audit row, in one transaction.
    const requests = async (): Promise<number> =>
      (await db.selectFrom('mail_queue').select('id').where('kind', '=', 'reset_request').execute()).length +
      (
        await db
          .selectFrom('audit_events')
          .select('seq')
          .where('event_type', '=', 'user_password_reset_request')
          .execute()
      ).length;
    const before = await requests();
    await page.fill('#email', nora);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.request().method() === 'POST'),
      page.click('main button[type=submit]'),
    ]);
    expect(answer.status()).toBe(400);
    await page.waitForLoadState();
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await page.locator('.error-summary').innerText()).toContain('This step needs JavaScript');
    expect(await requests()).toBe(before);
    expect(mailedLink(nora, '/reset/confirm?token=')).toBeUndefined();
    await context.close();
  });
});
