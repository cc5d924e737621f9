import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  PUBLIC_ORIGIN,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

const FORM = {
  email: 'ada@example.org',
  currentPassword: 'Old-Password-2024!',
  newPassword: 'Kettle-Harbour-Violet-93',
  confirmPassword: 'Kettle-Harbour-Violet-93',
};

function setup() {
  const accounts = new ScriptedAccounts({ status: 'applied', microsoft365: true, version: 1 });
  const app = createApp({ config: webTestConfig(), accounts, logger: capturingLogger().logger });
  return { app, accounts };
}

describe('formContentType()', () => {
  it.each([
    ['JSON', 'application/json', JSON.stringify(FORM)],
    ['plain text', 'text/plain', 'email=ada@example.org'],
    ['no', null, 'email=ada@example.org'],
  ])(
    'answers a POST with %s Content-Type with 415 UNSUPPORTED_CONTENT_TYPE, not an expired form',
    async (_kind, type, body) => {
      const { app, accounts } = setup();
      const session = await openForm(app);
      const headers: Record<string, string> = { Cookie: session.cookie, Origin: PUBLIC_ORIGIN };
      if (type !== null) headers['Content-Type'] = type;
      // Bytes, so fetch adds no Content-Type of its own (a string body would get text/plain).
      const bytes = new TextEncoder().encode(body);
      const response = await app.request('/change', { method: 'POST', headers, body: bytes });
      expect(response.status).toBe(415);
      const html = await response.text();
      expect(html).toContain('only accepts forms sent from its own pages');
      expect(html).not.toContain('This form has expired');
      expect(accounts.calls).toHaveLength(0);
    },
  );

  it('answers 415 before the CSRF check, even with no cookie and no Origin', async () => {
    const { app } = setup();
    const response = await app.request('/reset', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(response.status).toBe(415);
  });

  it('lets url-encoded and multipart forms through, parameters and case as browsers send them', async () => {
    const accounts = new ScriptedAccounts(
      { status: 'applied', microsoft365: true, version: 1 },
      { status: 'applied', microsoft365: true, version: 1 },
    );
    const app = createApp({ config: webTestConfig(), accounts, logger: capturingLogger().logger });
    const session = await openForm(app);
    const encoded = await submitForm(app, session, FORM, {
      headers: { 'Content-Type': 'Application/X-WWW-Form-URLencoded; charset=UTF-8' },
    });
    expect(encoded.status).toBe(303);
    const multipart = new FormData();
    for (const [name, value] of Object.entries({ _csrf: session.token, ...FORM })) multipart.set(name, value);
    // fetch sets multipart/form-data with its boundary itself.
    const response = await app.request('/change', {
      method: 'POST',
      headers: { Cookie: session.cookie, Origin: PUBLIC_ORIGIN },
      body: multipart,
    });
    expect(response.status).toBe(303);
    expect(accounts.calls).toHaveLength(2);
  });
});
