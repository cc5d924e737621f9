import { describe, expect, it } from 'vitest';
import {
  CHROME_SCHEMA_KEYWORDS,
  CHROME_SCHEMA_TYPES,
  type ChromeManagedSchema,
  chromeManagedSchema,
  isUrlPattern,
  MANAGED_SETTING_KEYS,
  parseSettingsPerKey,
} from './managed-settings.js';

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

describe('isUrlPattern()', () => {
  it('accepts full http(s) URL patterns and refuses the rest', () => {
    expect(isUrlPattern('https://sso.example.com/change*')).toBe(true);
    expect(isUrlPattern('https://*.example.com/*')).toBe(true);
    expect(isUrlPattern('*://example.com/*')).toBe(false);
    expect(isUrlPattern('example.com/change')).toBe(false);
    expect(isUrlPattern('javascript:alert(1)')).toBe(false);
  });
});

describe('chromeManagedSchema()', () => {
  function walk(node: ChromeManagedSchema, visit: (node: ChromeManagedSchema) => void): void {
    visit(node);
    for (const child of Object.values(node.properties ?? {})) walk(child, visit);
    if (node.items !== undefined) walk(node.items, visit);
  }

  it('uses only the JSON-schema subset Chrome accepts for managed storage', () => {
    walk(chromeManagedSchema(), (node) => {
      for (const keyword of Object.keys(node)) expect(CHROME_SCHEMA_KEYWORDS).toContain(keyword);
      expect(CHROME_SCHEMA_TYPES).toContain(node.type);
    });
  });

  it('describes every policy key with its type', () => {
    const schema = chromeManagedSchema();
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.properties ?? {})).toEqual(MANAGED_SETTING_KEYS);
    for (const property of Object.values(schema.properties ?? {})) expect(property.description).toBeTruthy();
    expect(schema.properties?.enabled?.type).toBe('boolean');
    expect(schema.properties?.interceptIds?.items?.enum).toContain('self-service-reset');
  });
});
