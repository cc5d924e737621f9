import { escapeRegex } from '@passgate/core/m365';

/**
 * An admin's URL pattern (`*` matches any run of characters, everything else literal) as an
 * anchored regex that both JavaScript and RE2 (declarativeNetRequest) accept. A `*` that is the host's
 * whole first label (`https://*.contoso.com/…`) matches host-name characters only: a path or query
 * naming the host (https://evil.example/x?.contoso.com/…) cannot satisfy it.
 */
export function urlPatternToRegex(pattern: string): string {
  const label = /^([a-z]+:\/\/)\*\./i.exec(pattern);
  const head = label === null ? '' : `${escapeRegex(label[1] ?? '')}[a-z0-9.-]*\\.`;
  const rest = label === null ? pattern : pattern.slice(label[0].length);
  return `^${head}${rest.split('*').map(escapeRegex).join('.*')}$`;
}

/** True when `url` matches the pattern, case-insensitively as DNR does by default. */
export function matchesUrlPattern(url: string, pattern: string): boolean {
  return new RegExp(urlPatternToRegex(pattern), 'i').test(url);
}
