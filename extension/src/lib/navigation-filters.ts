import { normaliseHost, passwordPageHostsOf, passwordPages } from '@passgate/core/m365';

/** The subset of the WebExtension `events.UrlFilter` this extension uses. */
export interface UrlFilter {
  schemes?: string[];
  hostEquals?: string;
  pathSuffix?: string;
  queryPrefix?: string;
}

/**
 * A landing on the portal made by a redirect rule: `PORTAL/change?from=…` or `PORTAL/reset?from=…`.
 * The portal's own host is a setting, which a filter registered at the worker's top level cannot
 * know, so the filter names the shape of the URL instead; it matches hardly any other page.
 */
const PORTAL_LANDINGS: UrlFilter[] = [
  { pathSuffix: '/change', queryPrefix: 'from=' },
  { pathSuffix: '/reset', queryPrefix: 'from=' },
  // The portal's "Not a … account? Continue to Microsoft" page.
  { pathSuffix: '/continue-to-microsoft', queryPrefix: 'from=' },
];

/**
 * Hosts of the built-in pages recognised by address, in every cloud (a filter registered at the
 * top level cannot wait for the `clouds` setting; the handler applies it).
 */
export function watchedHosts(): string[] {
  const pages = passwordPages.filter((page) => page.detect === 'url');
  return [...new Set(pages.flatMap((page) => passwordPageHostsOf(page)))];
}

/**
 * The navigations the worker listens to: the Microsoft hosts of its pages and portal landings.
 * The browser checks these filters itself and wakes the worker only for a match, so the rest of
 * the web never starts it.
 */
export function quietNavigationFilter(): { url: UrlFilter[] } {
  return {
    // The browser compares hosts as written, so the fully qualified form (trailing dot) is named too.
    url: [
      ...watchedHosts().flatMap((host) => [
        { schemes: ['https'], hostEquals: host },
        { schemes: ['https'], hostEquals: `${host}.` },
      ]),
      ...PORTAL_LANDINGS,
    ],
  };
}

/** True when `quietNavigationFilter()` covers `url` (the broad listener then leaves it alone). */
export function isQuietlyWatched(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'https:' && watchedHosts().includes(normaliseHost(parsed.hostname))) return true;
  return (
    /\/(change|reset|continue-to-microsoft)$/.test(parsed.pathname) && parsed.search.startsWith('?from=')
  );
}
