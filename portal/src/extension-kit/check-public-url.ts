import { parseSettingsPerKey } from '@passgate/core/m365';
import { ExtensionKitError } from './extension-kit-error.js';

/**
 * The portal URL that update manifests and policies point at: the same rule the extension
 * applies to portalUrl (https, or http on loopback for demos; no query or fragment).
 */
export function checkPublicUrl(value: string, what = 'the portal URL'): string {
  if (parseSettingsPerKey({ portalUrl: value }).settings.portalUrl === undefined) {
    throw new ExtensionKitError(
      'INVALID_URL',
      `${what} "${value}" is not usable: expected an https:// URL without query or fragment (http:// only for localhost)`,
    );
  }
  return value.replace(/\/+$/, '');
}
