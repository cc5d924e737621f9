import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

function appWith() {
  const accounts = new ScriptedAccounts();
  const { logger, lines } = capturingLogger();
  const app = createApp({ config: webTestConfig(), accounts, logger });
  return { app, accounts, lines };
}

const withoutCsrf = (html: string): string => html.replace(/name="_csrf" value="[^"]*"/g, '');

describe('GET /reset', () => {
  it('asks for the e-mail address, with links to the other doors', async () => {
    const { app } = appWith();
    const response = await app.request('/reset');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('<h1>Reset your password</h1>');
    expect(html).toContain('<label class="field__label" for="email">E-mail address</label>');
    expect(html).toMatch(/<form[^>]*action="\/reset"/);
    expect(html).toContain('href="/signin"');
    expect(html).toContain('href="/change"');
  });

  it('reads `from` the way the extension sends it and shows it escaped, never as a link', async () => {
    const { app } = appWith();
    const from =
      'https://passwordreset.microsoftonline.com/?ru=https%3a%2f%2flogin.microsoftonline.com%2f&mkt=en-GB"<b>';
    const html = await (await app.request(`/reset?from=${from}`)).text();
    expect(html).toContain('You came here from <strong>passwordreset.microsoftonline.com</strong>');
    expect(html).toContain("does not use Microsoft's own reset page");
    expect(html).toContain('%2f&amp;mkt=en-GB%22%3Cb%3E</p>');
    expect(html).not.toContain('<b>');
    expect(html).not.toMatch(/href="https:\/\/passwordreset/);
    expect(html).toContain('name="from"');
  });
});

describe('POST /reset', () => {
  it('gives the same answer, byte for byte, for a known and an unknown address', async () => {
    const { app, accounts } = appWith();
    const answers: string[] = [];
    for (const email of ['ada@example.org', 'nobody-here@example.net']) {
      const form = await openForm(app, '/reset');
      const response = await submitForm(app, form, { email }, { path: '/reset' });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const html = await response.text();
      expect(html).not.toContain(email);
      answers.push(withoutCsrf(html));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain('If an account exists for that address, we have sent a link to it.');
    expect(answers[0]).toContain('The link works once, for 30 minutes.');
    expect(accounts.asked.map((call) => call.input)).toMatchObject([
      { email: 'ada@example.org' },
      { email: 'nobody-here@example.net' },
    ]);
  });

  it('asks for a well-formed address without asking the service', async () => {
    const { app, accounts } = appWith();
    const form = await openForm(app, '/reset');
    const response = await submitForm(app, form, { email: 'not-an-address' }, { path: '/reset' });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('<a href="#email">Enter an e-mail address like name@example.org.</a>');
    expect(html).toContain('value="not-an-address"');
    expect(accounts.asked).toEqual([]);
  });

  it('refuses a form without its CSRF token', async () => {
    const { app, accounts } = appWith();
    const form = await openForm(app, '/reset');
    const response = await submitForm(
      app,
      { cookie: form.cookie, token: 'forged' },
      { email: 'a@b.org' },
      { path: '/reset' },
    );
    expect(response.status).toBe(403);
    expect(accounts.asked).toEqual([]);
  });
});

describe('a refused /reset form', () => {
  it('links back to /reset, not to another page', async () => {
    const { app } = appWith();
    const form = await openForm(app, '/reset');
    const response = await submitForm(
      app,
      { cookie: form.cookie, token: 'forged' },
      { email: 'a@b.org' },
      { path: '/reset' },
    );
    expect(await response.text()).toContain('href="/reset">Open the form again</a>');
  });
});
