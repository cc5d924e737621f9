import type { EffectiveSettings } from '@passgate/core/m365';
import { isPortalUrl, portalPageUrl } from './redirect-target.js';
import { idleReason } from './resolve-settings.js';
import { matchesUrlPattern } from './url-pattern.js';

export interface PortalAction {
  type: 'notice' | 'redirect';
  portalChangeUrl: string;
  organisationName?: string;
  supportUrl?: string;
}

export type ExpiredPasswordAction = { type: 'none' } | PortalAction;

/** What the content script does on the expired-password page at `url`. */
export function expiredPasswordAction(url: string, settings: EffectiveSettings): ExpiredPasswordAction {
  const portalUrl = settings.portalUrl;
  if (idleReason(settings) !== undefined || portalUrl === undefined) return { type: 'none' };
  if (!settings.interceptIds.includes('expired-password') || isPortalUrl(url, portalUrl))
    return { type: 'none' };
  if (settings.excludeUrlPatterns.some((pattern) => matchesUrlPattern(url, pattern))) return { type: 'none' };
  return {
    type: settings.showExpiredPasswordNotice ? 'notice' : 'redirect',
    portalChangeUrl: portalPageUrl(portalUrl, 'change', url),
    ...(settings.organisationName === undefined ? {} : { organisationName: settings.organisationName }),
    ...(settings.supportUrl === undefined ? {} : { supportUrl: settings.supportUrl }),
  };
}
