import { type EffectiveSettings, managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { isPortalUrl, portalPageUrl, redirectTargetFor } from './redirect-target.js';

const settings = (overrides: Partial<EffectiveSettings> = {}): EffectiveSettings => ({
  ...managedSettingsDefaults,
  portalUrl: 'http://127.0.0.1:8787',
  ...overrides,
});

describe('redirectTargetFor()', () => {
  it('sends the change page to PORTAL/change with the original URL encoded', () => {
    const url = 'https://mysignins.microsoft.com/security-info/password/change?a=1&b=%20#x';
    expect(redirectTargetFor(url, settings())).toEqual({
      kind: 'change',
      pageId: 'mysignins-change-password',
      url: `http://127.0.0.1:8787/change?from=${encodeURIComponent(url)}`,
    });
  });

  it('sends the self-service reset page to PORTAL/reset', () => {
    expect(redirectTargetFor('https://passwordreset.microsoftonline.com/', settings())?.url).toBe(
      'http://127.0.0.1:8787/reset?from=https%3A%2F%2Fpasswordreset.microsoftonline.com%2F',
    );
  });

  it.each([
    'https://mysignins.microsoft.com/security-info',
    'https://account.live.com/password/change',
    'https://login.microsoftonline.com/common/login',
    'http://127.0.0.1:8787/change?from=https://mysignins.microsoft.com/security-info/password/change',
    'chrome://settings',
  ])('leaves %s alone', (url) => {
    expect(redirectTargetFor(url, settings())).toBeUndefined();
  });

  it('is idle without a portal, when disabled, and for excluded URLs', () => {
    const url = 'https://passwordreset.microsoftonline.com/';
    expect(redirectTargetFor(url, { ...managedSettingsDefaults })).toBeUndefined();
    expect(redirectTargetFor(url, settings({ enabled: false }))).toBeUndefined();
    expect(
      redirectTargetFor(url, settings({ excludeUrlPatterns: ['https://passwordreset.*'] })),
    ).toBeUndefined();
  });

  it('applies extra patterns as change pages, but never on a personal-account host', () => {
    const extra = settings({
      extraUrlPatterns: ['https://sso.example.com/pw*', 'https://account.live.com/*'],
    });
    expect(redirectTargetFor('https://sso.example.com/pw?x', extra)?.pageId).toBe('extra');
    expect(redirectTargetFor('https://account.live.com/x', extra)).toBeUndefined();
  });
});

describe('isPortalUrl()', () => {
  it('compares origins', () => {
    expect(isPortalUrl('https://pw.example.com/x', 'https://pw.example.com/sub')).toBe(true);
    expect(isPortalUrl('https://pw.example.com.evil.example/', 'https://pw.example.com')).toBe(false);
    expect(isPortalUrl('garbage', 'https://pw.example.com')).toBe(false);
  });
});

describe('portalPageUrl()', () => {
  it('encodes the from URL so the portal can read it with URLSearchParams too', () => {
    const from = 'https://a.example/?x=1&y=%20#h';
    const target = new URL(portalPageUrl('https://pw.example.com/', 'reset', from));
    expect(target.pathname).toBe('/reset');
    expect(target.searchParams.get('from')).toBe(from);
  });
});
