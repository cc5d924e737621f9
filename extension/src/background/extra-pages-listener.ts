import { ext, type NavigationDetails } from '../lib/ext.js';
import { isQuietlyWatched } from '../lib/navigation-filters.js';
import { redirectMissedNavigation } from './navigation-fallback.js';

const everyPage = { url: [{ schemes: ['https', 'http'] }] };

function onExtraPage(details: Pick<NavigationDetails, 'tabId' | 'frameId' | 'url'>): void {
  // The quiet listener already handles its own hosts; handling them here too would redirect twice.
  if (isQuietlyWatched(details.url)) return;
  void redirectMissedNavigation(details);
}

/**
 * Pages an admin adds with `extraUrlPatterns` can be on any host, where the extension has no host
 * access for DNR, so only a navigation listener for every page catches them, and such a listener
 * wakes the worker on every page. It is added at the worker's top level (an event that wakes the
 * worker only reaches listeners that exist by then) and removed as soon as the settings have no
 * extra patterns: removing it also drops the browser's record of it, so the worker then sleeps
 * through unrelated sites until the next start re-checks.
 */
export function listenForExtraPages(): void {
  ext.webNavigation.onHistoryStateUpdated.addListener(onExtraPage, everyPage);
  ext.webNavigation.onCommitted.addListener(onExtraPage, everyPage);
}

/** Keeps the every-page listener only while extra patterns are configured. */
export function keepListeningForExtraPages(keep: boolean): void {
  const listening = ext.webNavigation.onCommitted.hasListener(onExtraPage);
  if (keep && !listening) listenForExtraPages();
  if (!keep && listening) {
    ext.webNavigation.onHistoryStateUpdated.removeListener(onExtraPage);
    ext.webNavigation.onCommitted.removeListener(onExtraPage);
  }
}
