import { describe, expect, it } from 'vitest';
import { parseManagedAssignments, validateManagedSettings } from './managed-values.js';

describe('parseManagedAssignments()', () => {
  it('reads each value by the type the schema gives its key', () => {
    expect(
      parseManagedAssignments([
        'enabled=false',
        'organisationName=A=B',
        'interceptIds=self-service-reset, expired-password',
        'extraUrlPatterns=["https://a.example/x*"]',
      ]),
    ).toEqual({
      enabled: false,
      organisationName: 'A=B',
      interceptIds: ['self-service-reset', 'expired-password'],
      extraUrlPatterns: ['https://a.example/x*'],
    });
  });

  it('keeps a word that is not true or false as text, so validation refuses it', () => {
    expect(parseManagedAssignments(['enabled=yes'])).toEqual({ enabled: 'yes' });
    expect(() => validateManagedSettings({ portalUrl: 'https://p.example', enabled: 'yes' })).toThrow(
      /enabled: .*expected boolean/,
    );
  });

  it('refuses an unknown key and an assignment without =', () => {
    expect(() => parseManagedAssignments(['portalurl=https://p.example'])).toThrow(/not a setting/);
    expect(() => parseManagedAssignments(['enabled'])).toThrow(/key=value/);
  });
});

describe('validateManagedSettings()', () => {
  it('requires portalUrl', () => {
    expect(() => validateManagedSettings({ enabled: true })).toThrow(/portalUrl is required/);
  });
});
