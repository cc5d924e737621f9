import { fileURLToPath } from 'node:url';
import { setAdmin } from '@passgate/portal';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { mailedCodes, nextMailedCode } from '../support/mailed-code.js';
import {
  authenticatorCode,
  recoveryUser,
  registerAuthenticator,
  registerPersonalEmail,
  registerRecoveryCodes,
} from '../support/recovery-methods.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';

// /reset with methods in a real Chromium against a real portal, driven by labels and roles as a person
// (or a screen reader) finds them: the address (the page solves its proof of work), one way or two
// ways of different kinds, then a new password; a locked account unlocked, keeping its password; and a
// passkey, with Chromium's virtual authenticator (driven over the DevTools protocol) as the device.

const executablePath = chromiumPath();
const PASSWORD = 'Harbour-Lantern-73!';
const bea = `bea.browser@${TEST_TENANT_DOMAIN}`;
const dan = `dan.browser@${TEST_TENANT_DOMAIN}`;
const lou = `lou.browser@${TEST_TENANT_DOMAIN}`;
const home = (email: string) => `${email.split('@')[0]}@home.example`;

describe.skipIf(executablePath === undefined)('/reset with methods in Chromium', () => {
  let t: TestPortal;
  let sink: SmtpSink;
  let browser: Browser;
  const problems: string[] = [];
  const keys: Record<string, string> = {};
  let louCodes: string[] = [];

  beforeAll(async () => {
    // The islands must exist before the portal starts (createApp reads them once).
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    sink = await startSmtpSink();
    t = await startTestPortal({
      users: [bea, dan, lou].map((email) => ({ email, password: PASSWORD })),
      policy: { lockout: { maxAttempts: 3, durationSeconds: 900, resetCounterMinutes: 15 } },
      config: { mail: sink.mailConfig, organisation: { name: 'Contoso' } },
    });
    const { portal } = t;
    for (const email of [bea, dan])
      keys[email] = await registerAuthenticator(portal, await recoveryUser(portal, email), Date.now());
    await registerPersonalEmail(portal, sink, await recoveryUser(portal, dan), home(dan));
    louCodes = await registerRecoveryCodes(portal, await recoveryUser(portal, lou));
    await setAdmin({ db: portal.store.db }, dan, true, new Date(), {
      type: 'admin',
      email: 'it@contoso.example',
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.stop();
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

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  /** Types the address and continues; the page solves its proof of work first, then posts. */
  async function startReset(email: string): Promise<Page> {
    const page = await open('/reset');
    await page.getByLabel('E-mail address').fill(email);
    await Promise.all([
      page.waitForURL(`${t.url}/reset/verify`, { timeout: 30_000 }),
      page.getByRole('button', { name: 'Continue' }).click(),
    ]);
    expect(await heading(page)).toBe('Prove it is you');
    return page;
  }

  /** Proves one way in its own section of the page ("Authenticator app", "Code by e-mail", "Recovery code"). */
  async function prove(
    page: Page,
    section: string,
    label: string,
    code: string,
    next: string,
  ): Promise<void> {
    const region = page.getByRole('region', { name: section });
    await region.getByLabel(label).fill(code);
    await Promise.all([
      page.waitForURL(`${t.url}${next}`),
      region.getByRole('button', { name: 'Continue' }).click(),
    ]);
  }

  async function choosePassword(page: Page, next: string): Promise<void> {
    expect(await heading(page)).toBe('Choose a new password');
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('New password again').fill(next);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Set new password' }).click(),
    ]);
    await expect.poll(() => heading(page)).toBe('Your new password is set');
  }

  it('resets with one method: a code from the authenticator app', async () => {
    const page = await startReset(bea);
    await prove(
      page,
      'Authenticator app',
      'Code from your authenticator app',
      authenticatorCode(keys[bea] ?? '', Date.now()),
      '/reset/new-password',
    );
    const next = 'Obsidian-Wharf-Clover-81';
    await choosePassword(page, next);
    expect(t.emulator.verifyPassword(t.tenantId, bea, next)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('resets with two methods of different kinds for an admin account: the app, then a code by e-mail', async () => {
    const page = await startReset(dan);
    await prove(
      page,
      'Authenticator app',
      'Code from your authenticator app',
      authenticatorCode(keys[dan] ?? '', Date.now()),
      '/reset/verify',
    );
    // biome-ignore lint/performance/useDomNodeTextContent: Playwright's locator.innerText(), the text a person sees, not a DOM node
    expect(await page.locator('main').innerText()).toContain(
      'Your account needs one more way, of a different kind.',
    );
    expect(await page.getByRole('region', { name: 'Authenticator app' }).count()).toBe(0);
    const email = page.getByRole('region', { name: 'Code by e-mail' });
    const seen = mailedCodes(sink, home(dan)).length;
    await Promise.all([
      page.waitForLoadState('load'),
      email.getByRole('button', { name: 'Send a code to my personal e-mail address' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toContain(
      'If your account has a personal e-mail address, we sent a code to it.',
    );
    await prove(
      page,
      'Code by e-mail',
      'Code from the e-mail',
      await nextMailedCode(sink, home(dan), seen),
      '/reset/new-password',
    );
    const next = 'Granite-Meadow-Lantern-44';
    await choosePassword(page, next);
    expect(t.emulator.verifyPassword(t.tenantId, dan, next)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('unlocks a locked account with a recovery code, keeping its password', async () => {
    for (let i = 0; i < 3; i += 1)
      await t.portal.accounts.signIn({
        email: lou,
        password: `Wrong-Guess-${i}!x`,
        clientIp: '203.0.113.9',
        userAgent: 'x',
      });
    const origin = { clientIp: '192.0.2.9', userAgent: 'x' };
    expect(await t.portal.accounts.signIn({ email: lou, password: PASSWORD, ...origin })).toMatchObject({
      refusals: [{ code: 'ACCOUNT_LOCKED' }],
    });
    const page = await startReset(lou);
    await prove(page, 'Recovery code', 'Recovery code', louCodes[0] ?? '', '/reset/new-password');
    const unlock = page.getByRole('region', { name: 'Or keep your password' });
    await Promise.all([
      page.waitForURL(`${t.url}/reset/unlock`),
      unlock.getByRole('button', { name: 'Unlock my account' }).click(),
    ]);
    expect(await heading(page)).toBe('Your account is unlocked');
    expect(await t.portal.accounts.signIn({ email: lou, password: PASSWORD, ...origin })).toEqual({
      status: 'ok',
    });
    expect(problems).toEqual([]);
  });
});

describe.skipIf(executablePath === undefined)('/reset with a passkey in Chromium', () => {
  let t: TestPortal;
  let browser: Browser;
  const problems: string[] = [];
  const pia = `pia.passkey@${TEST_TENANT_DOMAIN}`;

  beforeAll(async () => {
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    // localhost, not 127.0.0.1: browsers make passkeys only for a host name.
    t = await startTestPortal({
      publicHost: 'localhost',
      users: [{ email: pia, password: PASSWORD }],
      config: { organisation: { name: 'Contoso' } },
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adds a passkey in security info, then resets the password with it', async () => {
    const context = await browser.newContext();
    // No passkey autofill on the e-mail field: the virtual authenticator would answer it at once.
    await context.addInitScript(() => {
      Object.defineProperty(PublicKeyCredential, 'isConditionalMediationAvailable', {
        value: async () => false,
      });
    });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 4'))
        problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });

    await page.goto(`${t.url}/account`);
    await page.getByLabel('E-mail address').fill(pia);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL(/\/account\?done=signed_in$/),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/account\?done=passkey$/),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ]);

    await page.goto(`${t.url}/reset`);
    await page.getByLabel('E-mail address').fill(pia);
    await Promise.all([
      page.waitForURL(`${t.url}/reset/verify`, { timeout: 30_000 }),
      page.getByRole('button', { name: 'Continue' }).click(),
    ]);
    const passkey = page.getByRole('region', { name: 'Passkey' });
    await Promise.all([
      page.waitForURL(`${t.url}/reset/new-password`),
      passkey.getByRole('button', { name: 'Use a passkey' }).click(),
    ]);
    const next = 'Juniper-Vessel-Coral-58!';
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('New password again').fill(next);
    await Promise.all([
      page.waitForLoadState('load'),
      page.getByRole('button', { name: 'Set new password' }).click(),
    ]);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Your new password is set');
    expect(t.emulator.verifyPassword(t.tenantId, pia, next)).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });
});
