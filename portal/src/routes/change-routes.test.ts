import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  followSeeOther,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import type { ChangeOutcome } from '../accounts/account-service.js';
import { createApp } from '../app.js';
import { MAX_FROM_LENGTH } from '../http/read-from-param.js';

const EMAIL = 'ada@example.org';
const CURRENT = 'Old-Password-2024!';
const NEXT = 'Kettle-Harbour-Violet-93';

function appWith(...outcomes: ChangeOutcome[]) {
  const accounts = new ScriptedAccounts(...outcomes);
  const { logger, lines } = capturingLogger();
  const app = createApp({ config: webTestConfig(), accounts, logger });
  return { app, accounts, lines };
}

const validForm = { email: EMAIL, currentPassword: CURRENT, newPassword: NEXT, confirmPassword: NEXT };

describe('GET /change', () => {
  it('explains why the user is here and renders a labelled form', async () => {
    const { app } = appWith();
    const response = await app.request('/change');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain('Example Org manages your Microsoft 365 password here');
    for (const [id, label] of [
      ['email', 'E-mail address'],
      ['current-password', 'Current password'],
      ['new-password', 'New password'],
      ['confirm-password', 'New password again'],
    ]) {
      expect(html).toContain(`<label class="field__label" for="${id}">${label}</label>`);
      expect(html).toMatch(new RegExp(`<input[^>]*id="${id}"`));
    }
    expect(html).toMatch(/<form[^>]*method="post"[^>]*action="\/change"/);
  });

  it('lists the requirements before typing, marking Microsoft rules and server-only checks', async () => {
    const { app } = appWith();
    const html = await (await app.request('/change')).text();
    expect(html).toContain('id="new-password-requirements"');
    expect(html).toContain('At least 12 characters');
    expect(html).toContain('An uppercase letter (A-Z)');
    expect(html).toContain('Microsoft 365 rule');
    // Server-only checks are grouped under their own heading, each still saying so to a screen reader.
    expect(html).toMatch(
      /Checked when you submit:<\/p><ul[^>]*><li class="requirement requirement--on-submit">(?:(?!<\/ul>).)*Not one of your last 5 passwords<span class="visually-hidden">, checked when you submit<\/span>/,
    );
    // The new-password input is described by the requirement list, for screen readers.
    expect(html).toMatch(
      /id="new-password"[^>]*aria-describedby="new-password-hint new-password-requirements"/,
    );
  });

  it('shows a `from` URL containing & and %20 intact, as text only', async () => {
    const { app } = appWith();
    const from = 'https://mysignins.microsoft.com/security-info/password/change?a=1&b=two%20words&c=';
    const html = await (await app.request(`/change?from=${from}`)).text();
    expect(html).toMatch(/You came here from <strong[^>]*>mysignins\.microsoft\.com<\/strong>/);
    // The whole address only folded away, as text.
    expect(html).toMatch(/<details[^>]*><summary>Show the full address<\/summary>/);
    expect(html).toContain(from.replaceAll('&', '&amp;'));
    expect(html).not.toContain(`href="${from}`);
  });

  it('decodes the encoded form of `from` that the extension falls back to', async () => {
    const { app } = appWith();
    const from = 'https://account.activedirectory.windowspazure.com/ChangePassword.aspx?x=1&y=2';
    const html = await (await app.request(`/change?from=${encodeURIComponent(from)}&other=1`)).text();
    expect(html).toContain(from.replaceAll('&', '&amp;'));
  });

  it('shows a `from` carrying markup escaped and harmless', async () => {
    const { app } = appWith();
    const hostile =
      'https://login.microsoftonline.com/"><script>alert(1)</script><img src=x onerror=alert(2)>';
    const html = await (await app.request(`/change?from=${encodeURIComponent(hostile)}`)).text();
    expect(html).toContain('&lt;script>alert(1)&lt;/script>');
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    // The only scripts on the page are the island's own (data block and module), never inline code.
    const scripts = html.match(/<script[^>]*>/g) ?? [];
    for (const tag of scripts) expect(tag).toMatch(/type="(application\/json|module)"/);
  });

  it('ignores a `from` that is not an http(s) URL', async () => {
    const { app } = appWith();
    const html = await (await app.request('/change?from=javascript:alert(1)')).text();
    expect(html).not.toContain('You came here from');
    expect(html).not.toContain('alert(1)');
  });
});

describe('POST /change', () => {
  it('says Microsoft 365 now uses the new password when the change was applied', async () => {
    const { app, accounts } = appWith({ status: 'applied', microsoft365: true, version: 1 });
    const form = await openForm(app);
    const posted = await submitForm(app, form, validForm);
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe('/change/done');
    const response = await followSeeOther(app, posted, form.cookie);
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain(
      'Microsoft 365 now uses your new password; you may be signed out of open Microsoft sessions.',
    );
    expect(accounts.calls).toEqual([
      expect.objectContaining({
        email: EMAIL,
        currentPassword: CURRENT,
        newPassword: NEXT,
        clientIp: 'unknown',
      }),
    ]);
  });

  it('says only the portal password changed for a user without a tenant', async () => {
    const { app } = appWith({ status: 'applied', microsoft365: false, version: 1 });
    const form = await openForm(app);
    const html = await (
      await followSeeOther(app, await submitForm(app, form, validForm), form.cookie)
    ).text();
    expect(html).toContain('Your portal password has changed.');
    expect(html).not.toContain('Microsoft 365 now uses');
  });

  it('says the password is saved and Microsoft 365 will take it when the change was queued', async () => {
    const { app } = appWith({ status: 'queued', version: 1 });
    const form = await openForm(app);
    const response = await followSeeOther(app, await submitForm(app, form, validForm), form.cookie);
    expect(response.status).toBe(202);
    expect(await response.text()).toContain('Saved; Microsoft 365 will take it within minutes.');
  });

  it('refuses differing new passwords at the edge, without asking the service', async () => {
    const { app, accounts } = appWith();
    const response = await submitForm(app, await openForm(app), {
      ...validForm,
      confirmPassword: `${NEXT}x`,
    });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('<a href="#confirm-password">The two new passwords are different.');
    expect(accounts.calls).toHaveLength(0);
  });

  it('keeps the longest `from` through a form it refuses at the edge, and drops a longer one', async () => {
    const { app } = appWith();
    // The hidden field holds the decoded address; the browser posts it percent-encoded.
    const longest = `https://myaccount.microsoft.com/?q=${'/'.repeat(MAX_FROM_LENGTH - 35)}`;
    const refused = { ...validForm, email: 'not an address' };
    const kept = await submitForm(app, await openForm(app), { ...refused, from: longest });
    expect(kept.status).toBe(422);
    expect(await kept.text()).toContain(longest);
    const over = await submitForm(app, await openForm(app), { ...refused, from: `${longest}/` });
    expect(over.status).toBe(422);
    expect(await over.text()).not.toContain('You came here from');
  });

  it('never echoes a password into the page, and keeps the e-mail', async () => {
    const { app } = appWith({
      status: 'refused',
      refusals: [{ code: 'INVALID_CREDENTIALS' }],
    });
    const html = await (await submitForm(app, await openForm(app), validForm)).text();
    expect(html).toContain(`value="${EMAIL}"`);
    expect(html).not.toContain(CURRENT);
    expect(html).not.toContain(NEXT);
  });

  it('never logs a password', async () => {
    const { app, lines } = appWith({ status: 'applied', microsoft365: true, version: 1 });
    await submitForm(app, await openForm(app), validForm);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain(CURRENT);
      expect(line).not.toContain(NEXT);
    }
  });
});
