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

  // Browsers leave the scheme's default port out of the URLs they report, so written out it never matched.
  it('matches a pattern that writes out its scheme’s default port as one without it', () => {
    const adfs = 'https://login.contoso.com:443/adfs/*';
    expect(matchesUrlPattern('https://login.contoso.com/adfs/portal/updatepassword', adfs)).toBe(true);
    expect(matchesUrlPattern('https://sts.contoso.com/adfs/x', 'https://*.contoso.com:443/adfs/*')).toBe(
      true,
    );
    expect(matchesUrlPattern('http://intranet.contoso.com/pw', 'HTTP://intranet.contoso.com:80/*')).toBe(
      true,
    );
    expect(urlPatternToRegex(adfs)).toBe(urlPatternToRegex('https://login.contoso.com/adfs/*'));
    // Any other port stays, as does one that is not the scheme's default, or that is not in the host.
    expect(
      matchesUrlPattern('https://login.contoso.com/adfs/x', 'https://login.contoso.com:8443/adfs/*'),
    ).toBe(false);
    expect(matchesUrlPattern('https://login.contoso.com/adfs/x', 'https://login.contoso.com:80/adfs/*')).toBe(
      false,
    );
    expect(matchesUrlPattern('https://a.example/x:443/y', 'https://a.example/x:443/*')).toBe(true);
    expect(matchesUrlPattern('https://a.example/x/y', 'https://a.example/x:443/*')).toBe(false);
  });

  it('makes an anchored regex', () => {
    expect(urlPatternToRegex('https://a.example/*')).toBe('^https:\\/\\/a\\.example\\/.*$');
  });
});
