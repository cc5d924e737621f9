import { describe, expect, it } from 'vitest';
import { CLOUD_IDS, cloudHosts, microsoftClouds, normaliseHost } from './clouds.js';

describe('microsoftClouds', () => {
  it('has one entry per cloud id, each with sign-in and reset hosts', () => {
    expect(microsoftClouds.map((cloud) => cloud.id)).toEqual([...CLOUD_IDS]);
    for (const cloud of microsoftClouds) {
      expect(cloud.hosts.signIn.length).toBeGreaterThan(0);
      expect(cloud.hosts.reset.length).toBeGreaterThan(0);
    }
  });

  it('never lists a host twice or a host in two clouds', () => {
    const all = microsoftClouds.flatMap((cloud) => Object.values(cloud.hosts).flat());
    expect(new Set(all).size).toBe(all.length);
    for (const host of all) expect(host).toBe(normaliseHost(host));
  });
});

describe('cloudHosts()', () => {
  it('gives the hosts of one kind of page in the selected clouds', () => {
    expect(cloudHosts('signIn', ['global'])).toEqual([
      'login.microsoftonline.com',
      'login.microsoft.com',
      'login.windows.net',
    ]);
    expect(cloudHosts('reset', ['usgov', 'china'])).toEqual([
      'passwordreset.microsoftonline.us',
      'passwordreset.activedirectory.windowsazure.cn',
    ]);
  });
});

describe('normaliseHost()', () => {
  it('lower-cases and drops the trailing dot of a fully qualified name', () => {
    expect(normaliseHost('Login.MicrosoftOnline.com.')).toBe('login.microsoftonline.com');
  });
});
