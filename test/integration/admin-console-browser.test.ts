import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import {
  type AdminTestPortal,
  startAdminTestPortal,
  TEST_ADMIN,
  TEST_HELPDESK,
} from '../support/admin-sign-in.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { DEFAULT_TEST_USERS } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// The console as a person uses it, in Chromium, driven by labels and button names: sign in at the
// emulator's identity provider, find a person, unlock, send a reset link, suspend (signing in again
// first), see Microsoft 365 block them, unsuspend, read the timeline, export the audit CSV; a helpdesk
// account cannot suspend. axe-core checks every console page on the way.

const executablePath = chromiumPath();
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PASSWORD = 'Harbour-Lantern-73!';
const LOU = 'lou.browser@contoso.example';

describe.skipIf(executablePath === undefined)('the admin console in Chromium', () => {
  let t: AdminTestPortal;
  let sink: SmtpSink;
  let browser: Browser;
  const violations: string[] = [];

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startAdminTestPortal({
      users: [...DEFAULT_TEST_USERS, { email: LOU, password: PASSWORD, displayName: 'Lou Browser' }],
      policy: { lockout: { maxAttempts: 3, durationSeconds: 900, resetCounterMinutes: 15 } },
      config: { mail: sink.mailConfig, organisation: { name: 'Contoso' } },
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.stop();
  });

  /** A fresh browser (its own cookies) that trusts the emulator's certificate; the CSP is bypassed only so axe can be injected. */
  async function newBrowser(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      bypassCSP: true,
      acceptDownloads: true,
    });
    return { context, page: await context.newPage() };
  }

  /** Runs axe-core on the page and records every violation with the page's path. */
  async function checkAccessibility(page: Page): Promise<void> {
    await page.addScriptTag({ content: await readFile(AXE, 'utf8') });
    const found = await page.evaluate(async () => {
      const result = await (
        window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string }[] }> } }
      ).axe.run();
      return result.violations.map((v) => `${v.id}: ${v.help}`);
    });
    for (const violation of found) violations.push(`${new URL(page.url()).pathname}: ${violation}`);
  }

  /** Signs in at the identity provider's "Sign in as" page from wherever the portal sent the browser. */
  async function pickAtIdentityProvider(page: Page, name: string, email: string): Promise<void> {
    await page.getByRole('button', { name: `Sign in as ${name} (${email})` }).click();
    await page.waitForURL((url) => url.origin === t.url);
  }

  it('lets an admin find a person, unlock, send a reset link, suspend and unsuspend, and export the audit', async () => {
    // Lock Lou out with wrong passwords, as someone guessing would.
    for (let i = 0; i < 10; i++) {
      const answer = await t.portal.accounts.signIn({
        email: LOU,
        password: 'Wrong-Password-11!',
        clientIp: `192.0.2.${30 + i}`,
        userAgent: 'vitest',
      });
      if (answer.status === 'refused' && answer.refusals[0]?.code === 'ACCOUNT_LOCKED') break;
    }
    const { context, page } = await newBrowser();
    await page.goto(`${t.url}/admin`);
    await pickAtIdentityProvider(page, TEST_ADMIN.name, TEST_ADMIN.email);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await checkAccessibility(page);

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('E-mail or name begins with').fill('lou');
    await page.getByRole('button', { name: 'Search' }).click();
    await checkAccessibility(page);
    await page.getByRole('link', { name: LOU }).click();
    await expect.poll(() => page.getByText('Locked after too many wrong passwords').count()).toBe(1);
    await checkAccessibility(page);

    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Unlocked');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('reset link is on its way');
    await waitUntil(() => sink.received.some((mail) => mail.to[0] === LOU));

    // The admin's last real sign-in was ten minutes ago: suspending asks them to sign in again first.
    await t.portal.store.db
      .updateTable('admin_sessions')
      .set((eb) => ({ auth_time: eb('auth_time', '-', 10 * 60_000) }))
      .where('email', '=', TEST_ADMIN.email)
      .execute();
    await page.getByRole('link', { name: 'Suspend…' }).click();
    await page.waitForURL((url) => url.origin !== t.url);
    await pickAtIdentityProvider(page, TEST_ADMIN.name, TEST_ADMIN.email);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Suspend this account?');
    await checkAccessibility(page);
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Suspended');
    await waitUntil(() => t.emulator.getUser(t.tenantId, LOU)?.accountEnabled === false);

    await page.getByRole('link', { name: 'Unsuspend…' }).click();
    await page.getByRole('button', { name: 'Unsuspend', exact: true }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('Unsuspended');
    await waitUntil(() => t.emulator.getUser(t.tenantId, LOU)?.accountEnabled === true);
    const timeline = page.getByRole('table', { name: `The latest events of ${LOU}, newest first` });
    for (const event of [
      'user_unlocked',
      'user_password_reset_request',
      'user_suspended',
      'user_unsuspended',
    ])
      await expect
        .poll(() => timeline.getByRole('cell', { name: event, exact: true }).count())
        .toBeGreaterThan(0);

    await page.getByRole('link', { name: 'Sync queue' }).click();
    await checkAccessibility(page);
    await page.getByRole('link', { name: 'Extension' }).click();
    await checkAccessibility(page);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('User e-mail').fill(LOU);
    await page.getByRole('button', { name: 'Filter' }).click();
    await checkAccessibility(page);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV' }).click(),
    ]);
    const csv = await readFile((await download.path()) ?? '', 'utf8');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toMatch(/^"id","event_type","timestamp",/);
    expect(lines.some((line) => line.includes(',"user_suspended",') && line.includes(TEST_ADMIN.email))).toBe(
      true,
    );
    expect(lines.slice(1).every((line) => line.includes(LOU))).toBe(true);
    await context.close();
  });

  it('offers a helpdesk account no way to suspend, and refuses the page if asked for directly', async () => {
    const { context, page } = await newBrowser();
    await page.goto(`${t.url}/admin/users?q=lou`);
    await pickAtIdentityProvider(page, TEST_HELPDESK.name, TEST_HELPDESK.email);
    await page.getByRole('link', { name: LOU }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Send reset link' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Suspend…' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Extension' }).count()).toBe(0);
    const answer = await page.goto(`${page.url()}/suspend`);
    expect(answer?.status()).toBe(403);
    await context.close();
  });

  it('finds no accessibility violation on any console page', () => {
    expect(violations).toEqual([]);
  });
});
