import type { EffectiveSettings } from '@passgate/core/m365';
import { isPortalUrl, redirectTargetFor } from './redirect-target.js';
import { portalBase } from './resolve-settings.js';

/** The portal page behind "Not a … account? Continue to Microsoft". */
export const CONTINUE_PATH = '/continue-to-microsoft';

/**
 * The Microsoft page a tab asks to continue to, when `url` is the portal's continue page for one of
 * Microsoft's own password pages this extension would otherwise redirect; undefined for anything else.
 * Only the configured portal can ask, and only for such a page, so the pass can never open anything
 * else: not a page an admin's extra pattern matches either (the portal continues to Microsoft's only,
 * and a link to the continue page is anyone's to make).
 */
export function continueTarget(url: string, settings: EffectiveSettings): string | undefined {
  const portalUrl = settings.portalUrl;
  if (portalUrl === undefined || !isPortalUrl(url, portalUrl)) return undefined;
  const prefix = `${portalBase(portalUrl)}${CONTINUE_PATH}?`;
  if (!url.startsWith(prefix)) return undefined;
  const from = new URLSearchParams(url.slice(prefix.length)).get('from');
  if (from === null) return undefined;
  const target = redirectTargetFor(from, settings);
  return target === undefined || target.pageId === 'extra' ? undefined : from;
}
