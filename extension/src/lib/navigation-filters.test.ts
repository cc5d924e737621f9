import { describe, expect, it } from 'vitest';
import { isQuietlyWatched, quietNavigationFilter, watchedHosts } from './navigation-filters.js';

describe('quietNavigationFilter()', () => {
  it('names the Microsoft hosts of the pages recognised by address, and portal landings', () => {
    const { url } = quietNavigationFilter();
    const hosts = url.filter((filter) => filter.hostEquals !== undefined).map((filter) => filter.hostEquals);
    expect(hosts).toEqual(watchedHosts().flatMap((host) => [host, `${host}.`]));
    expect(watchedHosts()).toContain('mysignins.microsoft.com');
    expect(watchedHosts()).toContain('passwordreset.microsoftonline.us');
    // Sign-in itself is left to the content script: every sign-in would otherwise wake the worker.
    expect(watchedHosts()).not.toContain('login.microsoftonline.com');
    expect(url).toContainEqual({ pathSuffix: '/change', queryPrefix: 'from=' });
  });
});

describe('isQuietlyWatched()', () => {
  it.each([
    ['https://mysignins.microsoft.com/security-info', true],
    ['https://mysignins.microsoft.com./security-info', true],
    ['https://password.example.com/change?from=https://mysignins.microsoft.com/x', true],
    ['https://password.example.com/sub/reset?from=x', true],
    ['https://sso.example.com/adfs/portal/updatepassword', false],
    ['https://www.example.com/change', false],
    ['http://mysignins.microsoft.com/', false],
    ['not a url', false],
  ])('%s → %s', (url, watched) => {
    expect(isQuietlyWatched(url)).toBe(watched);
  });
});
