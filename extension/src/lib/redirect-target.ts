import { type EffectiveSettings, findPasswordPage, isNeverTouchUrl } from '@passgate/core/m365';
import { idleReason, portalBase } from './resolve-settings.js';
import { matchesUrlPattern } from './url-pattern.js';

export interface RedirectTarget {
  kind: 'change' | 'reset';
  /** Where the page belongs, or `extra` for an admin's own pattern. */
  pageId: string;
  url: string;
}

/** `PORTAL/change?from=…` with the original URL encoded (the form a `tabs.update` sends). */
export function portalPageUrl(portalUrl: string, kind: 'change' | 'reset', from: string): string {
  return `${portalBase(portalUrl)}/${kind}?from=${encodeURIComponent(from)}`;
}

/** True for any URL on the portal's own origin: those are never redirected (loop guard). */
export function isPortalUrl(url: string, portalUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(portalUrl).origin;
  } catch {
    return false;
  }
}

/**
 * Where the webNavigation fallback sends `url`, or undefined to leave it alone. Mirrors the DNR
 * rules built by `buildRedirectRules` (same data, same patterns, same exclusions).
 */
export function redirectTargetFor(url: string, settings: EffectiveSettings): RedirectTarget | undefined {
  const portalUrl = settings.portalUrl;
  if (idleReason(settings) !== undefined || portalUrl === undefined) return undefined;
  if (!/^https?:/i.test(url) || isPortalUrl(url, portalUrl) || isNeverTouchUrl(url)) return undefined;
  if (settings.excludeUrlPatterns.some((pattern) => matchesUrlPattern(url, pattern))) return undefined;
  const page = findPasswordPage(url, settings.interceptIds, settings.clouds);
  if (page !== undefined) {
    return { kind: page.kind, pageId: page.id, url: portalPageUrl(portalUrl, page.kind, url) };
  }
  if (settings.extraUrlPatterns.some((pattern) => matchesUrlPattern(url, pattern))) {
    return { kind: 'change', pageId: 'extra', url: portalPageUrl(portalUrl, 'change', url) };
  }
  return undefined;
}
