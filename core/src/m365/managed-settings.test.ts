import { describe, expect, it } from 'vitest';
import { isUrlPattern, parseSettingsPerKey } from './managed-settings.js';

describe('parseSettingsPerKey()', () => {
  it('keeps every valid key', () => {
    const raw = {
      portalUrl: 'https://password.example.com',
      enabled: false,
      interceptIds: ['self-service-reset'],
      extraUrlPatterns: ['https://sso.example.com/adfs/portal/updatepassword*'],
      excludeUrlPatterns: [],
      showExpiredPasswordNotice: false,
      organisationName: 'Example Ltd',
      supportUrl: 'https://help.example.com/passwords',
    };
    expect(parseSettingsPerKey(raw)).toEqual({ settings: raw, invalid: [] });
  });

  it('drops an invalid value and keeps the rest', () => {
    const result = parseSettingsPerKey({
      portalUrl: 'https://pw.example.com',
      enabled: 'yes',
      supportUrl: 'nope',
    });
    expect(result.settings).toEqual({ portalUrl: 'https://pw.example.com' });
    expect(result.invalid.map((entry) => entry.key)).toEqual(['enabled', 'supportUrl']);
  });

  it('reports unknown keys and unknown page ids', () => {
    const result = parseSettingsPerKey({
      portalURL: 'https://x.example',
      interceptIds: ['mysignins', 'self-service-reset'],
    });
    expect(result.settings).toEqual({});
    expect(result.invalid).toEqual([
      { key: 'portalURL', message: 'unknown setting' },
      expect.objectContaining({ key: 'interceptIds' }),
    ]);
  });

  it.each([
    'http://password.example.com',
    'https://password.example.com/?x=1',
    'https://password.example.com/#a',
    'ftp://password.example.com',
    'https://user:pw@password.example.com',
    'password.example.com',
  ])('refuses %s as a portal URL', (portalUrl) => {
    expect(parseSettingsPerKey({ portalUrl }).invalid).toHaveLength(1);
  });

  it.each(['http://localhost:8787', 'http://127.0.0.1:9000/passgate', 'https://intranet.example.com/pw/'])(
    'accepts %s as a portal URL',
    (portalUrl) => {
      expect(parseSettingsPerKey({ portalUrl }).settings).toEqual({ portalUrl });
    },
  );

  it('treats a non-object as one invalid entry and null as nothing set', () => {
    expect(parseSettingsPerKey('x').invalid).toHaveLength(1);
    expect(parseSettingsPerKey(null)).toEqual({ settings: {}, invalid: [] });
  });
});

describe('isSupportUrl()', () => {
  it('accepts web pages with queries and mailto:, refuses script and data URLs', () => {
    expect(parseSettingsPerKey({ supportUrl: 'https://help.example.com/kb?id=12#pw' }).invalid).toEqual([]);
    expect(parseSettingsPerKey({ supportUrl: 'mailto:helpdesk@example.com' }).invalid).toEqual([]);
    expect(parseSettingsPerKey({ supportUrl: 'javascript:alert(1)' }).invalid).toHaveLength(1);
    expect(parseSettingsPerKey({ supportUrl: 'data:text/html,hi' }).invalid).toHaveLength(1);
  });
});

describe('isUrlPattern()', () => {
  it('accepts full http(s) URL patterns and refuses the rest', () => {
    expect(isUrlPattern('https://sso.example.com/change*')).toBe(true);
    expect(isUrlPattern('https://*.example.com/*')).toBe(true);
    expect(isUrlPattern('*://example.com/*')).toBe(false);
    expect(isUrlPattern('example.com/change')).toBe(false);
    expect(isUrlPattern('javascript:alert(1)')).toBe(false);
  });
});
