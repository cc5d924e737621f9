import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ManifestV3Export } from '@crxjs/vite-plugin';
import { cloudHosts, passwordPageHosts } from '@passgate/core/m365';
import { chromeMessageName, MANIFEST_DESCRIPTION } from '../src/lib/message-key.js';

export type Target = 'chrome' | 'firefox';

/** Firefox id of the add-on (Firefox ignores `key`; this is its stable identity). */
export const GECKO_ID = 'extension@passgate.dev';

const DEV_KEY = new URL('../test-fixtures/dev-key.pem', import.meta.url);

/**
 * The manifest `key` (base64 DER SubjectPublicKeyInfo) that pins the Chrome id. Development and
 * tests use the committed test key; a deployment build passes its own PEM through
 * PASSGATE_EXTENSION_KEY (a path), or `none` to leave the id to the CRX signature.
 */
export function manifestKey(keyPath = process.env.PASSGATE_EXTENSION_KEY): string | undefined {
  if (keyPath === 'none') return undefined;
  const pem = readFileSync(keyPath ?? DEV_KEY, 'utf8');
  return createPublicKey(pem).export({ type: 'spki', format: 'der' }).toString('base64');
}

export function manifestFor(target: Target, version: string): ManifestV3Export {
  const hostPermissions = passwordPageHosts().map((host) => `https://${host}/*`);
  const icons = {
    16: 'icons/icon-16.png',
    32: 'icons/icon-32.png',
    48: 'icons/icon-48.png',
    128: 'icons/icon-128.png',
  };
  const key = target === 'chrome' ? manifestKey() : undefined;
  return {
    manifest_version: 3,
    name: 'Passgate',
    version,
    // Texts live in public/_locales (generated from core's catalogues); English is the fallback.
    default_locale: 'en',
    description: `__MSG_${chromeMessageName(MANIFEST_DESCRIPTION)}__`,
    icons,
    action: { default_popup: 'src/popup/index.html', default_icon: icons, default_title: 'Passgate' },
    options_ui: { page: 'src/options/index.html', open_in_tab: true },
    permissions: ['storage', 'declarativeNetRequestWithHostAccess', 'webNavigation', 'alarms'],
    host_permissions: hostPermissions,
    background:
      target === 'chrome'
        ? { service_worker: 'src/background/index.ts', type: 'module' }
        : ({ scripts: ['src/background/index.ts'], type: 'module' } as never),
    content_scripts: [
      {
        // Every cloud's sign-in hosts: the worker answers only for the clouds the settings select.
        matches: cloudHosts('signIn').map((host) => `https://${host}/*`),
        js: ['src/content/expired-password.ts'],
        run_at: 'document_idle',
      },
    ],
    ...(target === 'chrome'
      ? {
          storage: { managed_schema: 'managed_schema.json' },
          // What the code relies on: DNR regex rules match case-insensitively by default since 118;
          // alarms may fire 30 seconds ahead (the loop guard's pause) since 120; storage.session 102.
          minimum_chrome_version: '120',
        }
      : {}),
    ...(key === undefined ? {} : { key }),
    ...(target === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: GECKO_ID,
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android learnt data_collection_permissions in 142.
            gecko_android: { strict_min_version: '142.0' },
          } as never,
        }
      : {}),
  };
}
