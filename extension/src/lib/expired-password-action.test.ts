import { type EffectiveSettings, managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { expiredPasswordAction } from './expired-password-action.js';

const settings = (overrides: Partial<EffectiveSettings> = {}): EffectiveSettings => ({
  ...managedSettingsDefaults,
  portalUrl: 'https://pw.example.com',
  ...overrides,
});
const url = 'https://login.microsoftonline.com/common/login?x=1';

describe('expiredPasswordAction()', () => {
  it('shows the notice by default, with the portal change URL', () => {
    expect(expiredPasswordAction(url, settings({ organisationName: 'Example' }))).toEqual({
      type: 'notice',
      portalChangeUrl: `https://pw.example.com/change?from=${encodeURIComponent(url)}`,
      organisationName: 'Example',
    });
  });

  it('redirects straight away when the notice is switched off', () => {
    expect(expiredPasswordAction(url, settings({ showExpiredPasswordNotice: false })).type).toBe('redirect');
  });

  it('does nothing when idle, not intercepted or excluded', () => {
    expect(expiredPasswordAction(url, { ...managedSettingsDefaults }).type).toBe('none');
    expect(expiredPasswordAction(url, settings({ interceptIds: ['self-service-reset'] })).type).toBe('none');
    expect(
      expiredPasswordAction(url, settings({ excludeUrlPatterns: ['https://login.microsoftonline.com/*'] }))
        .type,
    ).toBe('none');
  });
});

describe('expiredPasswordAction() with tenant domains', () => {
  const own = settings({ tenantDomains: ['contoso.com'] });

  it("sends the organisation's own accounts to the portal", () => {
    expect(expiredPasswordAction(url, own, 'Ada@Contoso.com').type).toBe('notice');
  });

  it('leaves a guest or consultant with Microsoft', () => {
    expect(expiredPasswordAction(url, own, 'guest@fabrikam.com')).toEqual({ type: 'guest' });
  });

  it('sends the account to the portal when the page shows none, or no domains are set', () => {
    expect(expiredPasswordAction(url, own).type).toBe('notice');
    expect(expiredPasswordAction(url, settings(), 'guest@fabrikam.com').type).toBe('notice');
  });
});
