import { ext, type NavigationDetails } from '../lib/ext.js';
import { redirectTargetFor } from '../lib/redirect-target.js';
import { portalBase } from '../lib/resolve-settings.js';
import { writeLastRedirect } from '../lib/settings-store.js';
import { countRedirect } from './redirect-counts.js';
import { allowRedirect } from './redirect-guard-store.js';
import { currentSettings, whenReady } from './state.js';
import { pauseTab, useContinueOnce } from './tab-exceptions.js';

type Details = Pick<NavigationDetails, 'tabId' | 'frameId' | 'url'>;

/**
 * Catches what DNR cannot see: single-page-app route changes (pushState makes no request) and
 * pages that commit without a network request DNR saw (e.g. served by Microsoft's service worker).
 */
export async function redirectMissedNavigation(details: Details): Promise<void> {
  if (details.frameId !== 0) return;
  await whenReady();
  const target = redirectTargetFor(details.url, currentSettings().effective);
  if (target === undefined) return;
  // The tab was let through to this page once ("Continue to Microsoft"): leave it there.
  if (await useContinueOnce(details.tabId, details.url)) return;
  if (!(await allowRedirect(details.tabId))) {
    console.warn(`Passgate: not redirecting tab ${details.tabId} again (too many redirects in a short time)`);
    await pauseTab(details.tabId);
    return;
  }
  await ext.tabs.update(details.tabId, { url: target.url });
  await countRedirect(target.pageId === 'extra' ? 'extra' : target.kind);
  await writeLastRedirect({ from: details.url, to: target.url, at: new Date().toISOString() });
}

/**
 * Notes a landing on the portal made by a DNR redirect (DNR reports nothing itself without extra
 * permissions), for the popup's "last redirect" and the loop guard.
 */
export async function noteRuleRedirect(details: NavigationDetails): Promise<void> {
  if (details.frameId !== 0 || !details.transitionQualifiers.includes('server_redirect')) return;
  await whenReady();
  const portalUrl = currentSettings().effective.portalUrl;
  if (portalUrl === undefined) return;
  const base = portalBase(portalUrl);
  const match = /^\/(change|reset)\?from=(.*)$/s.exec(details.url.slice(base.length));
  if (!details.url.startsWith(base) || match === null) return;
  if (!(await allowRedirect(details.tabId))) {
    // A loop through DNR (e.g. the portal sending people back to Microsoft): let this tab be.
    console.warn(`Passgate: pausing redirects of tab ${details.tabId} (too many in a short time)`);
    await pauseTab(details.tabId);
  }
  await countRedirect(match[1] === 'reset' ? 'reset' : 'change');
  await writeLastRedirect({ from: match[2] ?? '', to: details.url, at: new Date().toISOString() });
}
