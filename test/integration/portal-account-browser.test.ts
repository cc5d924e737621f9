import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { findLeaks, portalHaystacks } from '../support/leak-scan.js';
import { mailedCodes, nextMailedCode } from '../support/mailed-code.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// Security info (/account) in a real Chromium against a real portal, driven by labels and roles as a
// person (or a screen reader) finds them: registering each method, the registration prompt with its
// "remind me later", a replayed authenticator code, and the session ending when the password changes
// elsewhere. Then no secret made on the way is anywhere in the log, the audit rows or the database files.

const executablePath = chromiumPath();
const PASSWORD = 'Harbour-Lantern-73!';
const ivy = `ivy.expired@${TEST_TENANT_DOMAIN}`;
const ann = `ann.browser@${TEST_TENANT_DOMAIN}`;
const HOME = 'ann.browser@home.example';

/** What Ann's authenticator app shows now, from the key the page showed her. */
function appCode(secret: string, at = Date.now()): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: at,
  });
}

describe.skipIf(executablePath === undefined)('security info in Chromium', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let browser: Browser;
  const problems: string[] = [];
  /** Every secret the portal made in these tests: none may be stored or logged in clear. */
  const secrets = {
    'authenticator key': [] as string[],
    'recovery code': [] as string[],
    'mailed code': [] as string[],
  };
  let annPassword = PASSWORD;
  let annKey = '';

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [
        { email: ivy, password: PASSWORD, displayName: 'Ivy Expired', microsoft: { accountEnabled: false } },
        { email: ann, password: PASSWORD, displayName: 'Ann Browser' },
      ],
      config: {
        mail: sink.mailConfig,
        organisation: { name: 'Contoso' },
        recovery: { registration: 'required', reminderSkips: 1 },
      },
    });
    await t.portal.store.db
      .updateTable('users')
      .set({ status: 'expired' })
      .where('email', '=', ivy)
      .execute();
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.stop();
  });

  /** Every page of security info works without JavaScript: these tests run with it switched off. */
  async function open(path: string): Promise<Page> {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    // A CSP violation (the QR code is inline SVG) or a script error shows up here.
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 4'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${t.url}${path}`);
    return page;
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
  }

  it('prompts after an expired sign-in, lets the person put it off once, then not again', async () => {
    const page = await open('/signin');
    await page.getByLabel('E-mail address').fill(ivy);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL(`${t.url}/signin/new-password`),
      page.getByRole('button', { name: 'Continue' }).click(),
    ]);
    const next = 'Obsidian-Wharf-Clover-81';
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('New password again').fill(next);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Set new password' }).click(),
    ]);
    expect(await heading(page)).toBe('Your new password is set');
    expect(await page.getByRole('heading', { name: 'Next: set up ways to get back in' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Set up now' }).count()).toBe(1);
    await Promise.all([
      page.waitForURL(/\/account\?done=skipped$/),
      page.getByRole('button', { name: 'Remind me later' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain('We will remind you next time.');

    // Signing in to security info asks again, and this time it cannot be put off.
    const again = await open('/account');
    await signIn(again, ivy, next);
    await again.waitForURL(`${t.url}/account/setup`);
    expect(await heading(again)).toBe('Set up ways to get back in');
    expect(await again.getByRole('button', { name: 'Remind me later' }).count()).toBe(0);
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await again.locator('main').innerText()).toContain('you cannot put it off any more');
    expect(problems).toEqual([]);
  });

  it('registers a personal address, an authenticator app and recovery codes', async () => {
    const page = await open('/account');
    await signIn(page, ann, annPassword);
    await page.waitForURL(`${t.url}/account/setup`);

    await Promise.all([
      page.waitForURL(`${t.url}/account/email`),
      page.getByRole('link', { name: 'Add a personal e-mail address' }).click(),
    ]);
    await page.getByLabel('Personal e-mail address').fill(HOME);
    await Promise.all([
      page.waitForURL(`${t.url}/account/email/confirm`),
      page.getByRole('button', { name: 'Send a code' }).click(),
    ]);
    const mailed = await nextMailedCode(sink, HOME, 0);
    secrets['mailed code'].push(mailed);
    await page.getByLabel('Code from the e-mail').fill(mailed);
    await Promise.all([
      page.waitForURL(/\/account\?done=email$/),
      page.getByRole('button', { name: 'Add this address' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toBe(
      'Your personal e-mail address is added.',
    );

    await Promise.all([
      page.waitForURL(`${t.url}/account/authenticator`),
      page.getByRole('button', { name: 'Add an authenticator app' }).click(),
    ]);
    expect(
      await page.getByRole('img', { name: 'QR code to add your account to an authenticator app' }).count(),
    ).toBe(1);
    annKey = ((await page.locator('#totp-secret').textContent()) ?? '').replaceAll(' ', '');
    expect(annKey).toMatch(/^[A-Z2-7]{32}$/);
    secrets['authenticator key'].push(annKey);
    await page.getByLabel('Code from your authenticator app').fill(appCode(annKey));
    await Promise.all([
      page.waitForURL(/\/account\?done=authenticator$/),
      page.getByRole('button', { name: 'Add the app' }).click(),
    ]);

    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Create recovery codes' }).click(),
    ]);
    expect(await heading(page)).toBe('Save your recovery codes');
    const codes = await page
      .getByRole('list', { name: 'Your recovery codes' })
      .getByRole('listitem')
      .allTextContents();
    expect(codes).toHaveLength(10);
    secrets['recovery code'].push(...codes, ...codes.map((code) => code.replaceAll('-', '')));
    await Promise.all([
      page.waitForURL(`${t.url}/account`),
      page.getByRole('link', { name: 'I have saved my codes' }).click(),
    ]);

    for (const name of ['Personal e-mail address', 'Authenticator app', 'Recovery codes'])
      expect(await page.getByRole('heading', { level: 3, name }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Remove authenticator app' }).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('asks for a second factor, and refuses an authenticator code used once already', async () => {
    // The code of the next time step (accepted one step early): not the one that added the app.
    const code = appCode(annKey, Date.now() + 30_000);
    const first = await open('/account');
    await signIn(first, ann, annPassword);
    await first.waitForURL(`${t.url}/account/verify`);
    expect(await heading(first)).toBe('Prove it is you');
    await first.getByLabel('Code from your authenticator app').fill(code);
    await Promise.all([
      first.waitForURL(/\/account(\?done=signed_in)?$/),
      first.getByRole('button', { name: 'Continue' }).first().click(),
    ]);
    expect(await heading(first)).toBe('Your security info');

    const second = await open('/account');
    await signIn(second, ann, annPassword);
    await second.waitForURL(`${t.url}/account/verify`);
    await second.getByLabel('Code from your authenticator app').fill(code);
    await Promise.all([
      second.waitForLoadState('load'),
      second.getByRole('button', { name: 'Continue' }).first().click(),
    ]);
    expect(await heading(second)).toBe('Prove it is you');
    await expect.poll(() => second.evaluate(() => document.activeElement?.id)).toBe('error-summary');
    expect(await second.getByRole('alert').textContent()).toContain('This code was already used.');
    expect(await second.getByLabel('Code from your authenticator app').getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(problems).toEqual([]);
  });

  it('signs security info out when the password changes elsewhere', async () => {
    const page = await open('/account');
    await signIn(page, ann, annPassword);
    await page.waitForURL(`${t.url}/account/verify`);
    const seen = mailedCodes(sink, HOME).length;
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: /^Send a code to a\*\*\*@home\.example$/ }).click(),
    ]);
    const mailed = await nextMailedCode(sink, HOME, seen);
    secrets['mailed code'].push(mailed);
    await page.getByLabel('Code from the e-mail').fill(mailed);
    await Promise.all([
      page.waitForURL(/\/account/),
      page.getByRole('button', { name: 'Continue' }).nth(1).click(),
    ]);
    expect(await heading(page)).toBe('Your security info');

    // Elsewhere (another browser): the password is changed on /change.
    const elsewhere = await open('/change');
    const next = 'Velvet-Orchard-Lamp-92';
    await elsewhere.getByLabel('E-mail address').fill(ann);
    await elsewhere.getByLabel('Current password').fill(annPassword);
    await elsewhere.getByLabel('New password', { exact: true }).fill(next);
    await elsewhere.getByLabel('New password again').fill(next);
    await Promise.all([
      elsewhere.waitForLoadState('load'),
      elsewhere.getByRole('button', { name: 'Change password' }).click(),
    ]);
    expect(await heading(elsewhere)).toMatch(/Your password has been changed|Your new password is saved/);
    annPassword = next;

    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Create new recovery codes' }).click(),
    ]);
    expect(await heading(page)).toBe('Sign in to your security info');
    expect(await page.getByRole('status').textContent()).toContain('when your password changes');
    expect(problems).toEqual([]);
  });

  it('keeps every authenticator key, recovery code and mailed code out of the log, the audit rows and the database files', async () => {
    expect(secrets['authenticator key']).toHaveLength(1);
    expect(secrets['recovery code']).toHaveLength(20);
    expect(secrets['mailed code']).toHaveLength(2);
    const haystacks = await portalHaystacks(t);
    // The scan reads the portal's real data: the person and their methods are in the database files.
    expect(
      haystacks
        .slice(2)
        .map((hay) => hay.text)
        .join(''),
    ).toContain(HOME);
    expect(findLeaks(haystacks, secrets)).toEqual([]);
  });
});
