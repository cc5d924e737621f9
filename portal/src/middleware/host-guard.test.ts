import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

const form = {
  email: 'ada@example.org',
  currentPassword: 'Old-Password-2024!',
  newPassword: 'Kettle-Harbour-Violet-93',
  confirmPassword: 'Kettle-Harbour-Violet-93',
};

function setup(publicUrl = 'https://passwords.example.org') {
  const applied = { status: 'applied', microsoft365: true, version: 1 } as const;
  const accounts = new ScriptedAccounts(applied, applied);
  const app = createApp({ config: webTestConfig({ publicUrl }), accounts, logger: capturingLogger().logger });
  return { app, accounts };
}

describe('hostGuard()', () => {
  it('refuses a form posted under another host name with its own matching Origin (DNS rebinding)', async () => {
    // The attacker's page is served as evil.example, which resolves to the portal's address: the
    // browser sends Host and Origin of evil.example, and the portal's own cookie and token are read
    // by the attacker's script from a page fetched under that same name.
    const { app, accounts } = setup('http://localhost');
    const session = await openForm(app);
    const response = await app.request('http://evil.example/change', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: session.cookie,
        Origin: 'http://evil.example',
      },
      body: new URLSearchParams({ _csrf: session.token, ...form }).toString(),
    });
    expect(response.status).toBe(421);
    expect(await response.text()).toContain('This address is not the password portal’s. Nothing was done.');
    expect(accounts.calls).toHaveLength(0);
  });

  it('serves no page under a host name that is not the portal’s', async () => {
    const { app } = setup();
    const response = await app.request('https://evil.example/change');
    expect(response.status).toBe(421);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('serves the portal’s own host, and the health check under any name (load-balancer probes by IP)', async () => {
    const { app } = setup();
    expect((await app.request('https://passwords.example.org/change')).status).toBe(200);
    expect((await app.request('http://10.0.0.7:8787/healthz')).status).toBe(200);
  });

  it('takes the other loopback spellings of a loopback publicUrl, on the same port only', async () => {
    const { app, accounts } = setup('http://localhost:8787');
    for (const origin of ['http://127.0.0.1:8787', 'http://[::1]:8787']) {
      const session = await openForm(app, `${origin}/change`);
      const response = await submitForm(app, session, form, { path: `${origin}/change`, origin });
      expect(response.status).toBe(303);
    }
    expect(accounts.calls).toHaveLength(2);
    expect((await app.request('http://127.0.0.1:9999/change')).status).toBe(421);
  });
});

describe('csrfProtection() origin check', () => {
  it('accepts only the portal’s origin, not whatever the request’s Host says', async () => {
    const { app, accounts } = setup();
    const session = await openForm(app, 'https://passwords.example.org/change');
    const response = await submitForm(app, session, form, {
      path: 'https://passwords.example.org/change',
      origin: 'https://passwords.example.org.evil.example',
    });
    expect(response.status).toBe(403);
    expect(accounts.calls).toHaveLength(0);
  });
});
