import { PASSWORD_PAGE_IDS } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { idleReason, portalBase, resolveSettings } from './resolve-settings.js';

describe('resolveSettings()', () => {
  it('falls back to defaults with nothing set, and is idle without a portal', () => {
    const { effective, locked, invalid } = resolveSettings({}, undefined);
    expect(effective).toMatchObject({
      enabled: true,
      interceptIds: [...PASSWORD_PAGE_IDS],
      showExpiredPasswordNotice: true,
    });
    expect(effective.portalUrl).toBeUndefined();
    expect(idleReason(effective)).toBe('no-portal');
    expect(locked).toEqual([]);
    expect(invalid).toEqual([]);
  });

  it('lets policy win over the user option, per key, and locks only the keys policy sets', () => {
    const { effective, locked } = resolveSettings(
      { portalUrl: 'https://policy.example.com' },
      { portalUrl: 'https://user.example.com', organisationName: 'Mine', enabled: false },
    );
    expect(effective.portalUrl).toBe('https://policy.example.com');
    expect(effective.organisationName).toBe('Mine');
    expect(effective.enabled).toBe(false);
    expect(idleReason(effective)).toBe('disabled');
    expect(locked).toEqual(['portalUrl']);
  });

  it('ignores an invalid policy value without locking its key, and keeps the rest of the policy', () => {
    const { effective, locked, invalid } = resolveSettings(
      { portalUrl: 'https://policy.example.com', supportUrl: 'not a url', enabled: 'yes' },
      { supportUrl: 'https://help.example.com' },
    );
    expect(effective.portalUrl).toBe('https://policy.example.com');
    expect(effective.supportUrl).toBe('https://help.example.com');
    expect(effective.enabled).toBe(true);
    expect(locked).toEqual(['portalUrl']);
    expect(invalid.map(({ key, source }) => `${source}:${key}`)).toEqual([
      'policy:supportUrl',
      'policy:enabled',
    ]);
  });

  it('ignores invalid user options too', () => {
    const { effective, invalid } = resolveSettings({}, { portalUrl: 'http://insecure.example.com' });
    expect(effective.portalUrl).toBeUndefined();
    expect(invalid).toEqual([expect.objectContaining({ key: 'portalUrl', source: 'user' })]);
  });
});

describe('portalBase()', () => {
  it('drops trailing slashes so paths can be appended', () => {
    expect(portalBase('https://pw.example.com/')).toBe('https://pw.example.com');
    expect(portalBase('https://pw.example.com/sub//')).toBe('https://pw.example.com/sub');
  });
});
