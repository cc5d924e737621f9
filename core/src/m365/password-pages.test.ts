import { describe, expect, it } from 'vitest';
import {
  findPasswordPage,
  isNeverTouchUrl,
  isSignInHost,
  PASSWORD_PAGE_IDS,
  passwordPageEntryPoints,
  passwordPageHosts,
  passwordPageSubmitRegexes,
  passwordPages,
  passwordPageUrlRegexes,
} from './password-pages.js';

describe('passwordPages', () => {
  it('has one entry per intercept id, each described', () => {
    expect(passwordPages.map((page) => page.id)).toEqual([...PASSWORD_PAGE_IDS]);
    for (const page of passwordPages) expect(page.description.length).toBeGreaterThan(10);
  });

  it('uses only regex syntax that RE2 (declarativeNetRequest) also accepts', () => {
    for (const page of passwordPages) {
      for (const regex of [...passwordPageUrlRegexes(page), ...passwordPageSubmitRegexes(page)]) {
        expect(regex).not.toMatch(/\(\?[=!<]|\\[1-9]/);
        expect(() => new RegExp(regex)).not.toThrow();
      }
    }
  });

  it('lists the hosts of every page in every cloud for the host permissions, and no personal-account host', () => {
    expect(passwordPageHosts().sort()).toEqual([
      'account.activedirectory.windowsazure.com',
      'login.chinacloudapi.cn',
      'login.microsoft.com',
      'login.microsoftonline.com',
      'login.microsoftonline.us',
      'login.partner.microsoftonline.cn',
      'login.windows.net',
      'mysignins.microsoft.com',
      'passwordreset.activedirectory.windowsazure.cn',
      'passwordreset.microsoftonline.com',
      'passwordreset.microsoftonline.us',
    ]);
  });

  it('has no address for a page a cloud does not serve', () => {
    const mySignIns = passwordPages.find((page) => page.id === 'mysignins-change-password');
    expect(mySignIns && passwordPageUrlRegexes(mySignIns, ['usgov'])).toEqual([]);
  });
});

describe('findPasswordPage()', () => {
  it.each([
    ['https://mysignins.microsoft.com/security-info/password/change', 'mysignins-change-password', 'change'],
    [
      'https://mysignins.microsoft.com/security-info/password/change?tenant=x&a=%20b#top',
      'mysignins-change-password',
      'change',
    ],
    [
      'https://account.activedirectory.windowsazure.com/ChangePassword.aspx',
      'legacy-change-password',
      'change',
    ],
    [
      'https://account.activedirectory.windowsazure.com/changepassword.aspx?BrandContextID=1',
      'legacy-change-password',
      'change',
    ],
    ['https://passwordreset.microsoftonline.com/', 'self-service-reset', 'reset'],
    [
      'https://passwordreset.microsoftonline.com/?ru=https%3a%2f%2flogin.microsoftonline.com&mkt=en',
      'self-service-reset',
      'reset',
    ],
  ])('recognises %s', (url, id, kind) => {
    expect(findPasswordPage(url)).toMatchObject({ id, kind });
  });

  it.each([
    'https://mysignins.microsoft.com/security-info',
    'https://mysignins.microsoft.com/security-info/password/changelog',
    'https://mysignins.microsoft.com/',
    'https://myaccount.microsoft.com/',
    'https://account.activedirectory.windowsazure.com/r#/profile',
    'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=x',
    'https://login.microsoftonline.com/common/login',
    'https://account.live.com/password/change',
    'https://account.microsoft.com/security',
    'https://mysignins.microsoft.com.evil.example/security-info/password/change',
    'http://mysignins.microsoft.com/security-info/password/change',
    'https://evil.example/?https://passwordreset.microsoftonline.com/',
  ])('leaves %s alone', (url) => {
    expect(findPasswordPage(url)).toBeUndefined();
  });

  it.each([
    ['https://mysignins.microsoft.com./security-info/password/change', 'mysignins-change-password'],
    ['https://PasswordReset.MicrosoftOnline.com./?x=1', 'self-service-reset'],
    ['https://passwordreset.microsoftonline.us/?ru=x', 'self-service-reset'],
    ['https://passwordreset.activedirectory.windowsazure.cn/', 'self-service-reset'],
  ])('recognises %s in its cloud, trailing dot or not', (url, id) => {
    expect(findPasswordPage(url)?.id).toBe(id);
  });

  it('only considers the given clouds', () => {
    expect(
      findPasswordPage('https://passwordreset.microsoftonline.us/', undefined, ['global']),
    ).toBeUndefined();
    expect(
      findPasswordPage('https://passwordreset.microsoftonline.com/', undefined, ['usgov']),
    ).toBeUndefined();
    expect(findPasswordPage('https://passwordreset.microsoftonline.us/', undefined, ['usgov'])?.id).toBe(
      'self-service-reset',
    );
  });

  it('only considers the given ids', () => {
    expect(
      findPasswordPage('https://passwordreset.microsoftonline.com/', ['mysignins-change-password']),
    ).toBeUndefined();
  });

  it('never matches the entry points of the reference table, whose change pages it does match', () => {
    for (const entry of passwordPageEntryPoints) {
      expect(findPasswordPage(entry.url)).toBeUndefined();
      expect(passwordPages.some((page) => page.id === entry.leadsTo)).toBe(true);
    }
  });
});

describe('expired-password page', () => {
  const page = passwordPages.find((candidate) => candidate.id === 'expired-password');

  it('is recognised by its PageID, not by URL', () => {
    expect(page).toMatchObject({ detect: 'page-id', pageId: 'ConvergedChangePassword' });
  });

  const submit = {
    test: (url: string): boolean =>
      page !== undefined && passwordPageSubmitRegexes(page).some((regex) => new RegExp(regex, 'i').test(url)),
  };

  it('blocks only the SSPR submit endpoints, not sign-in', () => {
    expect(submit.test('https://login.microsoftonline.com/common/SSPR/Begin')).toBe(true);
    expect(submit.test('https://login.microsoftonline.com/contoso.onmicrosoft.com/SSPR/Poll?x=1')).toBe(true);
    expect(submit.test('https://login.microsoftonline.com/common/login')).toBe(false);
    expect(submit.test('https://login.microsoftonline.com/common/SAS/BeginAuth')).toBe(false);
    expect(submit.test('https://login.microsoftonline.com/common/GetCredentialType')).toBe(false);
  });

  it.each([
    'https://login.microsoft.com/common/SSPR/Begin',
    'https://login.windows.net/contoso.com/SSPR/Poll',
    'https://login.microsoftonline.com./common/SSPR/Begin',
    'https://login.microsoftonline.us/common/SSPR/Begin',
    'https://login.partner.microsoftonline.cn/common/SSPR/Begin',
  ])('blocks the submit on every sign-in host: %s', (url) => {
    expect(submit.test(url)).toBe(true);
  });
});

describe('isSignInHost()', () => {
  it('knows every sign-in host of the selected clouds, in any case and fully qualified', () => {
    for (const host of ['login.microsoftonline.com', 'LOGIN.MICROSOFT.COM', 'login.windows.net.']) {
      expect(isSignInHost(host, ['global'])).toBe(true);
    }
    expect(isSignInHost('login.microsoftonline.us', ['global'])).toBe(false);
    expect(isSignInHost('login.microsoftonline.us', ['usgov'])).toBe(true);
    expect(isSignInHost('login.live.com')).toBe(false);
    expect(isSignInHost('evil.example')).toBe(false);
  });
});

describe('isNeverTouchUrl()', () => {
  it('covers personal Microsoft account hosts only', () => {
    expect(isNeverTouchUrl('https://account.live.com/ResetPassword.aspx')).toBe(true);
    expect(isNeverTouchUrl('https://account.microsoft.com/')).toBe(true);
    expect(isNeverTouchUrl('https://account.live.com./')).toBe(true);
    expect(isNeverTouchUrl('https://mysignins.microsoft.com/')).toBe(false);
    expect(isNeverTouchUrl('not a url')).toBe(false);
  });
});
