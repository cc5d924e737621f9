import { type EffectiveSettings, isOwnAccount } from '@passgate/core/m365';
import { isPortalUrl, portalPageUrl } from './redirect-target.js';
import { idleReason } from './resolve-settings.js';
import { matchesUrlPattern } from './url-pattern.js';

export interface PortalAction {
  type: 'notice' | 'redirect';
  portalChangeUrl: string;
  organisationName?: string;
  supportUrl?: string;
}

/**
 * `none`: leave the page alone. `guest`: the page is for an account outside the organisation's
 * domains; leave it alone and let its change reach Microsoft (the worker lifts the submit block
 * for that tab).
 */
export type ExpiredPasswordAction = { type: 'none' } | { type: 'guest' } | PortalAction;

/** What the content script does on the expired-password page at `url`, shown for `account`. */
export function expiredPasswordAction(
  url: string,
  settings: EffectiveSettings,
  account?: string,
): ExpiredPasswordAction {
  const portalUrl = settings.portalUrl;
  if (idleReason(settings) !== undefined || portalUrl === undefined) return { type: 'none' };
  if (!settings.interceptIds.includes('expired-password') || isPortalUrl(url, portalUrl))
    return { type: 'none' };
  if (settings.excludeUrlPatterns.some((pattern) => matchesUrlPattern(url, pattern))) return { type: 'none' };
  if (account !== undefined && !isOwnAccount(account, settings.tenantDomains)) return { type: 'guest' };
  return {
    type: settings.showExpiredPasswordNotice ? 'notice' : 'redirect',
    portalChangeUrl: portalPageUrl(portalUrl, 'change', url),
    ...(settings.organisationName === undefined ? {} : { organisationName: settings.organisationName }),
    ...(settings.supportUrl === undefined ? {} : { supportUrl: settings.supportUrl }),
  };
}
