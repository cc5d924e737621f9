import { describe, expect, it } from 'vitest';
import { fromHost, microsoftAddress, microsoftReturnAddress } from './microsoft-return.js';

describe('microsoftAddress()', () => {
  it('accepts https addresses on Microsoft 365 and Entra hosts, as a browser reads them', () => {
    expect(microsoftAddress('https://www.office.com/')).toBe('https://www.office.com/');
    expect(microsoftAddress('https://myaccount.microsoft.com/?ref=x')).toBe(
      'https://myaccount.microsoft.com/?ref=x',
    );
    expect(microsoftAddress('https://login.microsoftonline.us/common')).toBe(
      'https://login.microsoftonline.us/common',
    );
    expect(microsoftAddress('https://M365.Cloud.Microsoft/chat')).toBe('https://m365.cloud.microsoft/chat');
  });

  it.each([
    ['javascript:', 'javascript:alert(1)//https://www.office.com/'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['plain http', 'http://www.office.com/'],
    ['scheme-relative', '//evil.example/'],
    ['a path', '/change'],
    ['userinfo before the host', 'https://login.microsoftonline.com@evil.example/'],
    ['userinfo on a Microsoft host', 'https://user:pass@www.office.com/'],
    ['a backslash', 'https://evil.example\\@www.office.com/'],
    ['a backslash after the scheme', 'https:\\\\evil.example/'],
    ['a tab inside the host', 'https://www.off\tice.com.evil.example/'],
    ['a newline', 'https://www.office.com/\n'],
    ['a lookalike domain', 'https://microsoftonline.com.evil.example/'],
    ['a suffix without the dot', 'https://evilmicrosoft.com/'],
    ['punycode of a lookalike', 'https://xn--microsft-e5a.com/'],
    ['a Unicode lookalike (read as punycode)', 'https://www.оffice.com/'],
    ['another port', 'https://www.office.com:8443/'],
    ['a customer site under Microsoft', 'https://contoso.sharepoint.com/'],
    ['a personal account', 'https://account.live.com/'],
    ['empty', ''],
  ])('refuses %s', (_name, value) => {
    expect(microsoftAddress(value)).toBeNull();
  });
});

describe('microsoftReturnAddress()', () => {
  it("leads to Microsoft's own return address (ru) when it is a Microsoft address", () => {
    const from =
      'https://account.activedirectory.windowsazure.com/ChangePassword.aspx?BrandContextID=O1&ru=https%3A%2F%2Fwww.office.com%2F%3Fauth%3D2';
    expect(microsoftReturnAddress(from)).toBe('https://www.office.com/');
  });

  it('leads only to landing pages, never to a host serving anyone’s content or to a sign-in redirect', () => {
    for (const ru of [
      'https://evilphish.z6.web.core.windows.net/signin',
      'https://evil.blob.core.windows.net/x.html',
      'https://evil.blob.core.chinacloudapi.cn/x.html',
      'https://forms.office.com/r/abc',
      'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x&redirect_uri=https://evil.example/',
    ]) {
      const from = `https://account.activedirectory.windowsazure.com/ChangePassword.aspx?ru=${encodeURIComponent(ru)}`;
      expect(microsoftReturnAddress(from)).toBe('https://account.activedirectory.windowsazure.com/');
    }
    // A landing page's query could carry a redirect of its own: only its path is kept.
    const from = `https://account.activedirectory.windowsazure.com/ChangePassword.aspx?ru=${encodeURIComponent('https://www.office.com/login?ru=https://evil.example/')}`;
    expect(microsoftReturnAddress(from)).toBe('https://www.office.com/login');
  });

  it('ignores an ru that is not Microsoft’s, and goes back to the site instead', () => {
    for (const ru of ['https://evil.example/', 'javascript:alert(1)', '//evil.example', '/relative']) {
      const from = `https://account.activedirectory.windowsazure.com/ChangePassword.aspx?ru=${encodeURIComponent(ru)}`;
      // The change page itself would send them straight back here (the extension redirects it).
      expect(microsoftReturnAddress(from)).toBe('https://account.activedirectory.windowsazure.com/');
    }
  });

  it('goes back to a Microsoft page that is not a redirected password page as it is', () => {
    expect(microsoftReturnAddress('https://myaccount.microsoft.com/')).toBe(
      'https://myaccount.microsoft.com/',
    );
  });

  it('offers no way back from the reset site (all of it is redirected) or from anywhere else', () => {
    expect(microsoftReturnAddress('https://passwordreset.microsoftonline.com/?ru=x')).toBeNull();
    expect(microsoftReturnAddress('https://evil.example/?ru=https%3A%2F%2Fwww.office.com%2F')).toBeNull();
    expect(microsoftReturnAddress(null)).toBeNull();
  });
});

describe('fromHost()', () => {
  it('names the host without the trailing dot of a fully qualified name', () => {
    expect(fromHost('https://mysignins.microsoft.com./security-info/password/change?x=1')).toBe(
      'mysignins.microsoft.com',
    );
  });
});
