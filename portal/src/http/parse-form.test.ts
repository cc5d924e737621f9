import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

function setup() {
  const accounts = new ScriptedAccounts();
  const app = createApp({ config: webTestConfig(), accounts, logger: capturingLogger().logger });
  return { app, accounts };
}

describe('parseForm() on POST /change', () => {
  it('re-renders the form with a message per missing field, in page order, without calling the service', async () => {
    const { app, accounts } = setup();
    const response = await submitForm(app, await openForm(app), {});
    expect(response.status).toBe(422);
    const html = await response.text();
    const links = [...html.matchAll(/<li><a href="#([\w-]+)">([^<]+)<\/a><\/li>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['email', 'Enter your e-mail address.'],
      ['current-password', 'Enter your current password.'],
      ['new-password', 'Enter a new password.'],
      ['confirm-password', 'Enter the new password a second time.'],
    ]);
    expect(accounts.calls).toHaveLength(0);
  });

  it('says what a valid e-mail looks like and keeps what was typed', async () => {
    const { app } = setup();
    const html = await (
      await submitForm(app, await openForm(app), {
        email: 'not-an-address"><b>',
        currentPassword: 'Secret-Current-1',
        newPassword: 'Secret-New-22',
        confirmPassword: 'Secret-New-22',
      })
    ).text();
    expect(html).toContain('Enter an e-mail address like name@example.org.');
    expect(html).toContain('value="not-an-address&quot;>&lt;b>"');
    expect(html).not.toContain('Secret-Current-1');
    expect(html).not.toContain('Secret-New-22');
  });

  it('refuses an absurdly long password as too long instead of hashing it', async () => {
    const { app, accounts } = setup();
    const long = 'A1!a'.repeat(300);
    const html = await (
      await submitForm(app, await openForm(app), {
        email: 'a@example.org',
        currentPassword: 'x',
        newPassword: long,
        confirmPassword: long,
      })
    ).text();
    expect(html).toContain('This password is too long.');
    expect(accounts.calls).toHaveLength(0);
  });

  it('never sees a JSON body: it is refused as UNSUPPORTED_CONTENT_TYPE (415), not a crash', async () => {
    const { app, accounts } = setup();
    const session = await openForm(app);
    const response = await app.request('/change', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: session.cookie, Origin: 'http://localhost' },
      body: JSON.stringify({ _csrf: session.token }),
    });
    expect(response.status).toBe(415);
    expect(accounts.calls).toHaveLength(0);
  });
});
