import { type EffectiveSettings, managedSettingsDefaults } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { simulateDnr } from '../../test-support/dnr-simulator.js';
import { buildRedirectRules } from './redirect-rules.js';

const settings = (overrides: Partial<EffectiveSettings> = {}): EffectiveSettings => ({
  ...managedSettingsDefaults,
  portalUrl: 'https://pw.example.com/',
  ...overrides,
});

describe('buildRedirectRules()', () => {
  it('makes no rules while idle (no portal) or switched off', () => {
    expect(buildRedirectRules({ ...managedSettingsDefaults })).toEqual([]);
    expect(buildRedirectRules(settings({ enabled: false }))).toEqual([]);
  });

  it('gives every rule a unique positive id', () => {
    const ids = buildRedirectRules(settings({ extraUrlPatterns: ['https://a.example/*'] })).map(
      (rule) => rule.id,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(Math.min(...ids)).toBe(1);
  });

  it.each([
    ['https://mysignins.microsoft.com/security-info/password/change', 'change'],
    ['https://mysignins.microsoft.com/security-info/password/change?a=1&b=%20c', 'change'],
    ['https://account.activedirectory.windowsazure.com/ChangePassword.aspx?x=1', 'change'],
    ['https://passwordreset.microsoftonline.com/?ru=https%3a%2f%2flogin', 'reset'],
  ])('redirects %s to the portal %s page with the URL raw after from=', (url, kind) => {
    expect(simulateDnr(buildRedirectRules(settings()), url)).toEqual({
      type: 'redirect',
      url: `https://pw.example.com/${kind}?from=${url}`,
    });
  });

  it.each([
    'https://mysignins.microsoft.com/security-info',
    'https://myaccount.microsoft.com/',
    'https://account.live.com/password/change',
    'https://account.microsoft.com/security',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=1',
    'https://login.microsoftonline.com/common/login',
    'https://pw.example.com/change?from=https://mysignins.microsoft.com/security-info/password/change',
  ])('does not touch %s', (url) => {
    expect(simulateDnr(buildRedirectRules(settings()), url).type).not.toBe('redirect');
    expect(simulateDnr(buildRedirectRules(settings()), url, { method: 'post' }).type).not.toBe('block');
  });

  it('does not redirect sub-frames', () => {
    const url = 'https://passwordreset.microsoftonline.com/';
    expect(simulateDnr(buildRedirectRules(settings()), url, { resourceType: 'sub_frame' }).type).toBe('none');
  });

  it('blocks the expired-password page posting its change, but not a GET or sign-in', () => {
    const rules = buildRedirectRules(settings());
    const begin = 'https://login.microsoftonline.com/common/SSPR/Begin';
    expect(simulateDnr(rules, begin, { resourceType: 'xmlhttprequest', method: 'post' }).type).toBe('block');
    expect(simulateDnr(rules, begin, { method: 'post' }).type).toBe('block');
    expect(simulateDnr(rules, begin, { method: 'get' }).type).toBe('none');
    expect(
      simulateDnr(rules, 'https://login.microsoftonline.com/common/login', { method: 'post' }).type,
    ).toBe('none');
  });

  it('honours interceptIds', () => {
    const rules = buildRedirectRules(settings({ interceptIds: ['self-service-reset'] }));
    expect(simulateDnr(rules, 'https://mysignins.microsoft.com/security-info/password/change').type).toBe(
      'none',
    );
    expect(simulateDnr(rules, 'https://passwordreset.microsoftonline.com/').type).toBe('redirect');
    const post = { resourceType: 'xmlhttprequest', method: 'post' } as const;
    expect(simulateDnr(rules, 'https://login.microsoftonline.com/common/SSPR/Begin', post).type).toBe('none');
  });

  it('adds extra patterns and lets exclusions win over built-in pages', () => {
    const rules = buildRedirectRules(
      settings({
        extraUrlPatterns: ['https://sso.example.com/adfs/portal/updatepassword*'],
        excludeUrlPatterns: ['https://passwordreset.microsoftonline.com/*keep=1*'],
      }),
    );
    expect(simulateDnr(rules, 'https://sso.example.com/adfs/portal/updatepassword/?a=1')).toEqual({
      type: 'redirect',
      url: 'https://pw.example.com/change?from=https://sso.example.com/adfs/portal/updatepassword/?a=1',
    });
    expect(simulateDnr(rules, 'https://sso.example.com/adfs/portal/other').type).toBe('none');
    expect(simulateDnr(rules, 'https://passwordreset.microsoftonline.com/?keep=1').type).toBe('allow');
    expect(simulateDnr(rules, 'https://passwordreset.microsoftonline.com/?keep=2').type).toBe('redirect');
  });

  it('never redirects the portal or a personal-account host, even if an extra pattern says so', () => {
    const rules = buildRedirectRules(
      settings({ extraUrlPatterns: ['https://pw.example.com/*', 'https://account.live.com/*'] }),
    );
    expect(simulateDnr(rules, 'https://pw.example.com/change').type).toBe('allow');
    expect(simulateDnr(rules, 'https://account.live.com/password/reset').type).toBe('allow');
  });

  it('covers the global cloud by default, and the national clouds the settings select', () => {
    const usReset = 'https://passwordreset.microsoftonline.us/?ru=x';
    const cnReset = 'https://passwordreset.activedirectory.windowsazure.cn/';
    expect(simulateDnr(buildRedirectRules(settings()), usReset).type).toBe('none');
    const national = buildRedirectRules(settings({ clouds: ['usgov', 'china'] }));
    expect(simulateDnr(national, usReset)).toEqual({
      type: 'redirect',
      url: `https://pw.example.com/reset?from=${usReset}`,
    });
    expect(simulateDnr(national, cnReset).type).toBe('redirect');
    expect(simulateDnr(national, 'https://passwordreset.microsoftonline.com/').type).toBe('none');
    const post = { resourceType: 'xmlhttprequest', method: 'post' } as const;
    expect(simulateDnr(national, 'https://login.microsoftonline.us/common/SSPR/Begin', post).type).toBe(
      'block',
    );
    expect(
      simulateDnr(national, 'https://login.partner.microsoftonline.cn/common/SSPR/Poll', post).type,
    ).toBe('block');
  });

  it.each([
    ['https://passwordreset.microsoftonline.com./', 'redirect'],
    ['https://mysignins.microsoft.com./security-info/password/change', 'redirect'],
    ['https://account.live.com./password/change', 'allow'],
  ])('treats the fully qualified host %s like the plain one', (url, type) => {
    const rules = buildRedirectRules(settings({ extraUrlPatterns: ['https://account.live.com.*'] }));
    expect(simulateDnr(rules, url).type).toBe(type);
  });

  it('blocks the expired-password submit on every global sign-in host', () => {
    const post = { resourceType: 'xmlhttprequest', method: 'post' } as const;
    for (const host of ['login.microsoft.com', 'login.windows.net', 'login.microsoftonline.com.']) {
      expect(
        simulateDnr(buildRedirectRules(settings()), `https://${host}/common/SSPR/Begin`, post).type,
      ).toBe('block');
    }
  });
});
