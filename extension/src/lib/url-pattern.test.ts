import { describe, expect, it } from 'vitest';
import { matchesUrlPattern, urlPatternToRegex } from './url-pattern.js';

describe('matchesUrlPattern()', () => {
  it('treats * as any run of characters and everything else literally', () => {
    expect(matchesUrlPattern('https://sso.example.com/a/b?c=1', 'https://sso.example.com/*')).toBe(true);
    expect(matchesUrlPattern('https://ssoXexample.com/', 'https://sso.example.com/*')).toBe(false);
    expect(matchesUrlPattern('https://sso.example.com/a', 'https://sso.example.com/')).toBe(false);
    expect(matchesUrlPattern('https://x.example.com/(a)?+', 'https://x.example.com/(a)?+')).toBe(true);
  });

  it('lets a * in the host match host names only, never what follows the host', () => {
    const adfs = 'https://*.contoso.com/adfs/portal/updatepassword*';
    expect(matchesUrlPattern('https://sts.contoso.com/adfs/portal/updatepassword/', adfs)).toBe(true);
    expect(matchesUrlPattern('https://evil.example/x?.contoso.com/adfs/portal/updatepassword', adfs)).toBe(
      false,
    );
    expect(matchesUrlPattern('https://a.contoso.com@evil.example/adfs/portal/updatepassword', adfs)).toBe(
      false,
    );
  });

  it('makes an anchored regex', () => {
    expect(urlPatternToRegex('https://a.example/*')).toBe('^https:\\/\\/a\\.example\\/.*$');
  });
});
