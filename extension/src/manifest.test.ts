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
    expect(chrome.host_permissions).toEqual([
      'https://mysignins.microsoft.com/*',
      'https://account.activedirectory.windowsazure.com/*',
      'https://passwordreset.microsoftonline.com/*',
      'https://login.microsoftonline.com/*',
    ]);
    expect(chrome.content_scripts).toEqual([
      expect.objectContaining({ matches: ['https://login.microsoftonline.com/*'] }),
    ]);
  });

  it('declares the managed schema, icons and a description an admin can read', () => {
    expect(chrome.storage).toEqual({ managed_schema: 'managed_schema.json' });
    expect(Object.keys(chrome.icons)).toEqual(['16', '32', '48', '128']);
    expect(chrome.description).toMatch(/password portal/);
    expect(chrome.version).toBe('1.2.3');
  });

  it('pins the documented development id with the test key', async () => {
    expect(await chromeExtensionIdFromManifestKey(chrome.key)).toBe('nfmafhgnplfmdneadkclfmjjbkmadnfo');
  });

  it('leaves the key out when a deployment build asks for none', () => {
    expect(manifestKey('none')).toBeUndefined();
  });
});
