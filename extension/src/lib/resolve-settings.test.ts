import { managedSettingsDefaults, PASSWORD_PAGE_IDS } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { idleReason, portalBase, resolveSettings } from './resolve-settings.js';

describe('resolveSettings()', () => {
  it('falls back to defaults with nothing set, and is idle without a portal', () => {
    const { effective, managed, invalid } = resolveSettings({}, undefined);
    expect(effective).toMatchObject({
      enabled: true,
      interceptIds: [...PASSWORD_PAGE_IDS],
      showExpiredPasswordNotice: true,
    });
    expect(effective.portalUrl).toBeUndefined();
    expect(idleReason(effective)).toBe('no-portal');
    expect(managed).toBe(false);
    expect(invalid).toEqual([]);
  });

  it("uses the person's own options while no policy applies", () => {
    const { effective, managed } = resolveSettings(
      {},
      { portalUrl: 'https://user.example.com', organisationName: 'Mine', enabled: false },
    );
    expect(managed).toBe(false);
    expect(effective).toMatchObject({ portalUrl: 'https://user.example.com', organisationName: 'Mine' });
    expect(idleReason(effective)).toBe('disabled');
  });

  // The policy the docs show sets only these three keys.
  const docsPolicy = {
    portalUrl: 'https://policy.example.com',
    organisationName: 'Example Ltd',
    supportUrl: 'https://help.example.com/passwords',
  };

  it.each([
    ['switching redirects off', { enabled: false }],
    ['excluding every page', { excludeUrlPatterns: ['https://*'] }],
    ['intercepting nothing', { interceptIds: [] }],
    ['pointing at another portal', { portalUrl: 'https://user.example.com' }],
  ])('under policy, ignores the person %s', (_what, userOptions) => {
    const { effective, managed } = resolveSettings(docsPolicy, userOptions);
    expect(managed).toBe(true);
    expect(effective).toEqual({ ...managedSettingsDefaults, ...docsPolicy });
    expect(idleReason(effective)).toBeUndefined();
  });

  it("under policy, gives an invalid policy value its default, never the person's option, and reports it", () => {
    const { effective, managed, invalid } = resolveSettings(
      { portalUrl: 'https://policy.example.com', supportUrl: 'not a url', enabled: 'yes' },
      { supportUrl: 'https://help.example.com', enabled: false },
    );
    expect(managed).toBe(true);
    expect(effective.supportUrl).toBeUndefined();
    expect(effective.enabled).toBe(true);
    expect(invalid.map(({ key, source }) => `${source}:${key}`)).toEqual([
      'policy:supportUrl',
      'policy:enabled',
    ]);
  });

  it('counts a policy of only invalid values as a policy: the person still cannot configure', () => {
    const { effective, managed, invalid } = resolveSettings(
      { portalUrl: 'http://insecure.example.com' },
      { portalUrl: 'https://user.example.com' },
    );
    expect(managed).toBe(true);
    expect(effective.portalUrl).toBeUndefined();
    expect(invalid).toEqual([expect.objectContaining({ key: 'portalUrl', source: 'policy' })]);
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
