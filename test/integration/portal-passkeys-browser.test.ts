import { createPrivateKey } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, launchChromium } from '../e2e/support/chromium-path.js';
import { findLeaks, portalHaystacks } from '../support/leak-scan.js';
import { startTestPortal, TEST_TENANT_DOMAIN, type TestPortal } from '../support/start-portal.js';
import { waitUntil } from '../support/wait-until.js';

// Passkeys in a real Chromium against a real portal, with Chromium's virtual authenticator (a platform
// authenticator with resident keys and user verification, driven over the DevTools protocol) standing
// in for a phone or a laptop's Windows Hello, and pages driven by labels and roles as a person finds
// them: two passkeys registered, one named, one removed; signing in to security info with the other and
// no password (from the e-mail field's autofill, with the button, and as the step after a password); the
// expired-password sign-in with a passkey; a passkey made for another site refused. Then no private key
// the authenticators held is anywhere in the log, the audit rows or the database files.

const executablePath = chromiumPath();
const PASSWORD = 'Harbour-Lantern-73!';
const ann = `ann.passkey@${TEST_TENANT_DOMAIN}`;

/** A credential as the virtual authenticator holds it (WebAuthn.Credential): the private key included. */
interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId: string;
  privateKey: string;
  userHandle: string;
  signCount: number;
}

/** The DevTools protocol's base64 as WebAuthn's base64url (how the portal stores a credential id). */
function base64url(base64: string): string {
  return Buffer.from(base64, 'base64').toString('base64url');
}

/** One browser with its own authenticator, as one of Ann's devices. */
interface Device {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
}

describe.skipIf(executablePath === undefined)('passkeys in Chromium', () => {
  let t: TestPortal;
  let browser: Browser;
  const problems: string[] = [];
  /** Ann's two passkeys as their authenticators held them: the laptop's (removed later) and the phone's. */
  const held: { laptop?: VirtualCredential; phone?: VirtualCredential } = {};
  const devices: Device[] = [];

  beforeAll(async () => {
    // The island bundles must exist before the portal starts (createApp reads them once).
    await build({
      configFile: fileURLToPath(new URL('../../portal/vite.config.ts', import.meta.url)),
      logLevel: 'error',
    });
    // localhost, not 127.0.0.1: browsers make passkeys only for a host name.
    t = await startTestPortal({
      publicHost: 'localhost',
      users: [{ email: ann, password: PASSWORD, displayName: 'Ann Passkey' }],
      config: { organisation: { name: 'Contoso' } },
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /**
   * A browser with JavaScript and a virtual authenticator. `autofill: false` takes the e-mail field's
   * passkey autofill away (as in a browser without it): the virtual authenticator answers an autofill
   * request at once, which would sign in before any button could be pressed.
   */
  async function device(options: { autofill: boolean }): Promise<Device> {
    const context = await browser.newContext();
    if (!options.autofill)
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
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    const made = { context, page, cdp, authenticatorId };
    devices.push(made);
    return made;
  }

  async function credentialsOf(d: Device): Promise<VirtualCredential[]> {
    const { credentials } = await d.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: d.authenticatorId,
    });
    return credentials as VirtualCredential[];
  }

  /**
   * Puts a credential another device made into this device's authenticator (a synced passkey), with the
   * signature counter it last showed the portal: a copy that started over would rightly be refused as
   * a clone.
   */
  async function hold(d: Device, credential: VirtualCredential, rpId = credential.rpId): Promise<void> {
    const stored = await t.portal.store.db
      .selectFrom('recovery_methods')
      .select('sign_count')
      .where('credential_id', '=', base64url(credential.credentialId))
      .executeTakeFirst();
    await d.cdp.send('WebAuthn.addCredential', {
      authenticatorId: d.authenticatorId,
      credential: { ...credential, rpId, signCount: stored?.sign_count ?? credential.signCount },
    });
  }

  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  async function signInWithPassword(page: Page): Promise<void> {
    await page.goto(`${t.url}/account`);
    await page.getByLabel('E-mail address').fill(ann);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await Promise.all([
      page.waitForURL((url) => url.pathname !== '/account' || url.search !== ''),
      page.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
  }

  async function passkeyAudit(): Promise<{ passkey: string; purpose: string; success: boolean }[]> {
    const rows = await t.portal.store.db
      .selectFrom('audit_events')
      .select('body')
      .where('event_type', '=', 'user_passkey_used')
      .orderBy('seq')
      .execute();
    return rows.map((row) => {
      const body = JSON.parse(row.body);
      return { passkey: body.changes[0].to, purpose: body.changes[1].to, success: body.success };
    });
  }

  it('registers two passkeys, names one, renames the other and removes the first', async () => {
    const laptop = await device({ autofill: true });
    const { page } = laptop;
    await signInWithPassword(page);
    await page.waitForURL(/\/account\?done=signed_in$/);

    await page.getByLabel('Name for the new passkey (optional)').fill('Work laptop');
    await Promise.all([
      page.waitForURL(/\/account\?done=passkey$/),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ]);
    expect(await page.getByRole('status').first().textContent()).toBe('Your passkey is added.');
    expect(await page.getByRole('heading', { level: 3, name: 'Work laptop' }).count()).toBe(1);
    [held.laptop] = await credentialsOf(laptop);
    expect(held.laptop).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

    // The second passkey on her phone: the laptop already holds one for Ann, and the portal names it to
    // exclude, so the laptop would (rightly) refuse to make another.
    await laptop.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: laptop.authenticatorId });
    const { authenticatorId } = await laptop.cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    laptop.authenticatorId = authenticatorId;
    await page.goto(`${t.url}/account`);
    await Promise.all([
      page.waitForURL(/\/account\?done=passkey$/),
      page.getByRole('button', { name: 'Add a passkey' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 3, name: 'Passkey 2' }).count()).toBe(1);
    [held.phone] = await credentialsOf(laptop);

    await page.getByText('Rename Passkey 2').click();
    await page.getByLabel('New name for Passkey 2').fill('Phone');
    await Promise.all([
      page.waitForURL(/\/account\?done=passkey_renamed$/),
      page.getByRole('button', { name: 'Save the name' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 3, name: 'Phone' }).count()).toBe(1);

    await Promise.all([
      page.waitForURL(/\/account\?done=removed$/),
      page.getByRole('button', { name: 'Remove Work laptop' }).click(),
    ]);
    const names = await page.getByRole('heading', { level: 3 }).allTextContents();
    expect(names).toEqual(['Phone']);

    const audit = await t.portal.store.db
      .selectFrom('audit_events')
      .select(['event_type', 'body'])
      .where('event_type', 'in', ['user_recovery_method_added', 'user_recovery_method_removed'])
      .orderBy('seq')
      .execute();
    expect(audit.map((row) => [row.event_type, JSON.parse(row.body).changes])).toEqual([
      ['user_recovery_method_added', [{ field: 'recoveryMethod', to: 'passkey' }]],
      ['user_recovery_method_added', [{ field: 'recoveryMethod', to: 'passkey' }]],
      ['user_recovery_method_removed', [{ field: 'recoveryMethod', from: 'passkey' }]],
    ]);
    expect(problems).toEqual([]);
  });

  it('signs in to security info with the remaining passkey from the e-mail field, with no password', async () => {
    const phone = await device({ autofill: true });
    await hold(phone, held.phone as VirtualCredential);
    // The autofill offers the passkey as soon as the page is open; the virtual authenticator takes it.
    await phone.page.goto(`${t.url}/account`);
    await phone.page.waitForURL(/\/account\?done=signed_in$/);
    expect(await heading(phone.page)).toBe('Your security info');
    expect(await phone.page.getByText(`Signed in as ${ann}`).count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('signs in with the "Sign in with a passkey" button, and as the step after a password', async () => {
    const phone = await device({ autofill: false });
    await hold(phone, held.phone as VirtualCredential);
    const { page } = phone;
    await page.goto(`${t.url}/account`);
    await Promise.all([
      page.waitForURL(/\/account\?done=signed_in$/),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    expect(await heading(page)).toBe('Your security info');

    // With a passkey registered, the password alone is not enough: the passkey is the second step.
    await phone.context.clearCookies();
    await signInWithPassword(page);
    await page.waitForURL(`${t.url}/account/verify`);
    expect(await heading(page)).toBe('Prove it is you');
    await Promise.all([
      page.waitForURL(/\/account\?done=signed_in$/),
      page.getByRole('button', { name: 'Use a passkey' }).click(),
    ]);
    expect(await heading(page)).toBe('Your security info');
    expect((await passkeyAudit()).slice(-3)).toEqual([
      { passkey: 'Phone', purpose: 'account', success: true },
      { passkey: 'Phone', purpose: 'account', success: true },
      { passkey: 'Phone', purpose: 'account', success: true },
    ]);
    expect(problems).toEqual([]);
  });

  it('refuses the removed passkey', async () => {
    const old = await device({ autofill: false });
    await hold(old, held.laptop as VirtualCredential);
    const { page } = old;
    await page.goto(`${t.url}/account`);
    const [answer] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith('/account/passkey')),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    expect(answer.status()).toBe(401);
    await page.waitForURL(`${t.url}/account/passkey`);
    expect(await heading(page)).toBe('Sign in to your security info');
    expect(await page.getByRole('alert').textContent()).toContain('This passkey could not be used here.');
  });

  it('signs in at /signin with a passkey: "still valid" while it is, the new-password step once expired', async () => {
    const phone = await device({ autofill: false });
    await hold(phone, held.phone as VirtualCredential);
    const { page } = phone;
    // Sent here from Microsoft's change-password page: the passkey form carries it, as the password form does.
    const from = `https://account.activedirectory.windowsazure.com/ChangePassword.aspx?ru=${encodeURIComponent('https://www.office.com/?auth=2')}`;
    await page.goto(`${t.url}/signin?from=${encodeURIComponent(from)}`);
    await Promise.all([
      page.waitForURL(`${t.url}/signin/passkey`),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    expect(await heading(page)).toBe('Your password is still valid');
    expect(await page.getByRole('link', { name: 'Back to where you were' }).getAttribute('href')).toBe(
      'https://www.office.com/',
    );

    await t.portal.store.db
      .updateTable('users')
      .set({ status: 'expired' })
      .where('email', '=', ann)
      .execute();
    await page.goto(`${t.url}/signin?from=${encodeURIComponent(from)}`);
    await Promise.all([
      page.waitForURL(`${t.url}/signin/new-password`),
      page.getByRole('button', { name: 'Sign in with a passkey' }).click(),
    ]);
    const next = 'Obsidian-Wharf-Clover-81';
    await page.getByLabel('New password', { exact: true }).fill(next);
    await page.getByLabel('New password again').fill(next);
    await page.getByRole('button', { name: 'Set new password' }).click();
    // Set, or saved and on its way when Microsoft 365 is slow on a busy machine.
    await expect.poll(() => heading(page), { timeout: 20_000 }).toMatch(/^Your new password is (set|saved)$/);
    expect(await page.getByRole('link', { name: 'Back to where you were' }).getAttribute('href')).toBe(
      'https://www.office.com/',
    );
    await waitUntil(() => t.emulator.verifyPassword(t.tenantId, ann, next));
    expect((await passkeyAudit()).slice(-2)).toEqual([
      { passkey: 'Phone', purpose: 'expired_sign_in', success: true },
      { passkey: 'Phone', purpose: 'expired_sign_in', success: true },
    ]);
    expect(problems).toEqual([]);
  });

  it("refuses Ann's own passkey when it answers for another site (rpID), even with the portal's challenge", async () => {
    const key = held.phone as VirtualCredential;
    const victim = await device({ autofill: false });
    await victim.page.goto(`${t.url}/account`);
    // The portal's options, asked for as its island does: the challenge is bound to this browser.
    const options = await victim.page.evaluate(async () => {
      const body = new URLSearchParams({
        _csrf: (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value,
        purpose: 'account',
      });
      const answer = await fetch('/passkeys/options', { method: 'POST', body });
      return (await answer.json()).options as { challenge: string };
    });

    // A page of another site, whose authenticator holds the same key pair and credential id, but for
    // its own RP ID (all an attacker could get an authenticator to sign for, on their own site).
    const phishing = await device({ autofill: false });
    await hold(phishing, key, 'evil.example');
    await phishing.context.route('https://evil.example/**', (route) =>
      route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Sign in</title>' }),
    );
    await phishing.page.goto('https://evil.example/');
    const forged = await phishing.page.evaluate(
      async ({ challenge, id }) => {
        const bytes = (text: string) =>
          Uint8Array.from(atob(text.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
        const credential = (await navigator.credentials.get({
          publicKey: {
            challenge: bytes(challenge),
            rpId: 'evil.example',
            allowCredentials: [{ type: 'public-key', id: bytes(id) }],
            userVerification: 'required',
          },
        })) as PublicKeyCredential;
        return JSON.stringify(credential.toJSON());
      },
      { challenge: options.challenge, id: base64url(key.credentialId) },
    );
    expect(JSON.parse(forged).id).toBe(base64url(key.credentialId));

    // Relayed to the portal from the victim's own browser, in the portal's own form.
    const [answer] = await Promise.all([
      victim.page.waitForResponse((response) => response.url().endsWith('/account/passkey')),
      victim.page.evaluate((response) => {
        const form = document.querySelector('form[action="/account/passkey"]') as HTMLFormElement;
        (form.querySelector('input[name="response"]') as HTMLInputElement).value = response;
        form.submit();
      }, forged),
    ]);
    expect(answer.status()).toBe(401);
    await victim.page.waitForURL(`${t.url}/account/passkey`);
    expect(await victim.page.getByRole('alert').textContent()).toContain(
      'This passkey could not be used here.',
    );
    expect((await passkeyAudit()).at(-1)).toEqual({
      passkey: 'Phone',
      purpose: 'account',
      success: false,
    });
  });

  it('keeps every private key the authenticators held out of the log, the audit rows and the database files', async () => {
    const secrets: string[] = [];
    for (const credential of [held.laptop, held.phone]) {
      if (credential === undefined) throw new Error('a passkey was not made');
      const der = Buffer.from(credential.privateKey, 'base64');
      // The PKCS#8 key as the authenticator exported it, and its private scalar in every likely spelling.
      const d = Buffer.from(
        createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'jwk' }).d ?? '',
        'base64url',
      );
      expect(d).toHaveLength(32);
      secrets.push(
        credential.privateKey,
        der.toString('base64url'),
        d.toString('base64'),
        d.toString('base64url'),
        d.toString('hex'),
        d.toString('latin1'),
      );
    }
    const haystacks = await portalHaystacks(t);
    // The scan reads the portal's real data: the passkeys' credential ids are in the database file.
    const credentialId = base64url(held.phone?.credentialId ?? '');
    expect(
      haystacks
        .slice(2)
        .map((hay) => hay.text)
        .join(''),
    ).toContain(credentialId);
    expect(findLeaks(haystacks, { 'passkey private key': secrets })).toEqual([]);
    for (const d of devices) await d.context.close();
  });
});
