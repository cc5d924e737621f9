import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  ScriptedAccounts,
  ScriptedResets,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';

function app() {
  const { logger } = capturingLogger();
  return createApp({
    config: webTestConfig(),
    accounts: new ScriptedAccounts(),
    resets: new ScriptedResets(),
    logger,
  });
}

const CHANGE = 'https://mysignins.microsoft.com/security-info/password/change?tenant=x&y=1';
const continueHref = (from: string): string => `/continue-to-microsoft?from=${encodeURIComponent(from)}`;

describe('"Not a … account? Continue to Microsoft"', () => {
  it("is offered on the portal's page for people coming from a Microsoft password page", async () => {
    const html = await (await app().request(`/change?from=${CHANGE}`)).text();
    expect(html).toContain('Not a Example Org account?');
    expect(html).toContain(`href="${continueHref(CHANGE).replaceAll('&', '&amp;')}"`);
    const reset = await (await app().request('/reset?from=https://passwordreset.microsoftonline.us/')).text();
    expect(reset).toContain('Continue to Microsoft');
  });

  it('is not offered for a page that is not one of Microsoft’s, nor without `from`', async () => {
    expect(await (await app().request('/change?from=https://sso.example.org/pw')).text()).not.toContain(
      'Continue to Microsoft',
    );
    expect(await (await app().request('/change')).text()).not.toContain('Continue to Microsoft');
  });
});

describe('GET /continue-to-microsoft', () => {
  it('shows the Microsoft page as text and never redirects to it (the extension does, once)', async () => {
    const response = await app().request(continueHref(CHANGE));
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    const html = await response.text();
    expect(html).toContain('<h1>Continue to Microsoft</h1>');
    expect(html).toContain(CHANGE.replaceAll('&', '&amp;'));
    expect(html).not.toContain('href="https://mysignins');
  });

  it('refuses anything but a Microsoft password page, without redirecting', async () => {
    for (const from of ['https://evil.example/', 'javascript:alert(1)', '']) {
      const response = await app().request(continueHref(from));
      expect(response.status).toBe(404);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).not.toContain('evil.example');
    }
  });
});
