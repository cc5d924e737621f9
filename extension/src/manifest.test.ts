import { chromeExtensionIdFromManifestKey } from '@passgate/core/m365';
import { describe, expect, it } from 'vitest';
import { manifestFor, manifestKey } from '../scripts/manifest.js';

describe('manifestFor()', () => {
  // biome-ignore lint/suspicious/noExplicitAny: a manifest is free-form JSON; the test reads nested keys
  const chrome = manifestFor('chrome', '1.2.3') as Record<string, any>;

  it('asks for the fewest permissions: no tabs, no scripting, no broad hosts', () => {
    expect(chrome.permissions).toEqual([
      'storage',
      'declarativeNetRequestWithHostAccess',
      'webNavigation',
      'alarms',
    ]);
    expect([...chrome.host_permissions].sort()).toEqual([
      'https://account.activedirectory.windowsazure.com/*',
      'https://login.chinacloudapi.cn/*',
      'https://login.microsoft.com/*',
      'https://login.microsoftonline.com/*',
      'https://login.microsoftonline.us/*',
      'https://login.partner.microsoftonline.cn/*',
      'https://login.windows.net/*',
      'https://mysignins.microsoft.com/*',
      'https://passwordreset.activedirectory.windowsazure.cn/*',
      'https://passwordreset.microsoftonline.com/*',
      'https://passwordreset.microsoftonline.us/*',
    ]);
    // The expired-password page can appear on every cloud's sign-in hosts, and only there.
    expect(chrome.content_scripts).toEqual([
      expect.objectContaining({
        matches: [
          'https://login.microsoftonline.com/*',
          'https://login.microsoft.com/*',
          'https://login.windows.net/*',
          'https://login.microsoftonline.us/*',
          'https://login.partner.microsoftonline.cn/*',
          'https://login.chinacloudapi.cn/*',
        ],
      }),
    ]);
  });

  it('declares the managed schema, icons and a description an admin can read', () => {
    expect(chrome.storage).toEqual({ managed_schema: 'managed_schema.json' });
    expect(chrome.minimum_chrome_version).toBe('120');
    expect(Object.keys(chrome.icons)).toEqual(['16', '32', '48', '128']);
    expect(chrome.default_locale).toBe('en');
    expect(chrome.description).toBe('__MSG_extensionDescription__');
    expect(chrome.version).toBe('1.2.3');
  });

  it('pins the documented development id with the test key', async () => {
    expect(await chromeExtensionIdFromManifestKey(chrome.key)).toBe('nfmafhgnplfmdneadkclfmjjbkmadnfo');
  });

  it('leaves the key out when a deployment build asks for none', () => {
    expect(manifestKey('none')).toBeUndefined();
  });
});
