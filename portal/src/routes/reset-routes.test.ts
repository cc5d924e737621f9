import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  ScriptedResets,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';
import { MAX_FROM_LENGTH } from '../http/read-from-param.js';
import type { RecoveryOutcome } from '../recovery/recovery-outcome.js';
import type { ResetGrant } from '../reset/reset-flow-service.js';

function appWith(refusal: RecoveryOutcome<{ grant: ResetGrant }> | null = null) {
  const accounts = new ScriptedAccounts();
  const resets = new ScriptedResets(refusal);
  const { logger } = capturingLogger();
  const app = createApp({ config: webTestConfig(), accounts, resets, logger });
  return { app, started: resets.started };
}

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
  it('starts a flow for any address and answers alike: the flow cookie and a redirect to /reset/verify', async () => {
    const { app, started } = appWith();
    const answers: unknown[] = [];
    for (const email of ['ada@example.org', 'nobody-here@example.net']) {
      const form = await openForm(app, '/reset');
      const response = await submitForm(app, form, { email }, { path: '/reset' });
      // The value and the clock time differ between any two answers; everything else must not.
      const cookies = response.headers.getSetCookie().map((line) =>
        line
          .replace(/=[^;]*/, '=VALUE')
          .replace(/Expires=[^;]+/, 'Expires=WHEN')
          .replace(
            /Max-Age=(\d+)/,
            (_, seconds: string) => `Max-Age=${Math.round(Number(seconds) / 60) * 60}`,
          ),
      );
      answers.push({ status: response.status, location: response.headers.get('location'), cookies });
      expect(await response.text()).not.toContain(email);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toMatchObject({ status: 303, location: '/reset/verify' });
    expect((answers[0] as { cookies: string[] }).cookies.join('\n')).toMatch(
      /pg_reset=VALUE; Max-Age=\d+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict/,
    );
    expect(started).toEqual(['ada@example.org', 'nobody-here@example.net']);
  });

  it('asks for a well-formed address without asking the service', async () => {
    const { app, started } = appWith();
    const form = await openForm(app, '/reset');
    const response = await submitForm(app, form, { email: 'not-an-address' }, { path: '/reset' });
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('<a href="#email">Enter an e-mail address like name@example.org.</a>');
    expect(html).toContain('value="not-an-address"');
    expect(started).toEqual([]);
  });

  it('keeps the longest `from` through an address it refuses, and drops a longer one', async () => {
    const { app } = appWith();
    const longest = `https://passwordreset.microsoftonline.com/?q=${'/'.repeat(MAX_FROM_LENGTH - 45)}`;
    expect(longest).toHaveLength(MAX_FROM_LENGTH);
    const fields = { email: 'not-an-address', from: longest };
    const kept = await submitForm(app, await openForm(app, '/reset'), fields, { path: '/reset' });
    expect(kept.status).toBe(422);
    expect(await kept.text()).toContain(longest);
    const over = await submitForm(
      app,
      await openForm(app, '/reset'),
      { ...fields, from: `${longest}/` },
      { path: '/reset' },
    );
    expect(over.status).toBe(422);
    expect(await over.text()).not.toContain('You came here from');
  });

  it('says so when this client has started too many resets', async () => {
    const { app } = appWith({ status: 'refused', code: 'RATE_LIMITED' });
    const form = await openForm(app, '/reset');
    const response = await submitForm(app, form, { email: 'ada@example.org' }, { path: '/reset' });
    expect(response.status).toBe(429);
    expect(await response.text()).toContain('There were too many attempts in a short time.');
  });

  it('refuses a form without its CSRF token, and links back to /reset', async () => {
    const { app, started } = appWith();
    const form = await openForm(app, '/reset');
    const response = await submitForm(
      app,
      { cookie: form.cookie, token: 'forged' },
      { email: 'a@b.org' },
      { path: '/reset' },
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('href="/reset">Open the form again</a>');
    expect(started).toEqual([]);
  });
});

describe('the steps after /reset without a flow', () => {
  it('say the reset has expired and offer to start again', async () => {
    const { app } = appWith();
    for (const path of ['/reset/verify', '/reset/new-password']) {
      const response = await app.request(path);
      expect(response.status).toBe(410);
      const html = await response.text();
      expect(html).toContain('<h1>Your reset has expired</h1>');
      expect(html).toContain('href="/reset"');
    }
  });
});
