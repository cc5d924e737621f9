import { escapeRegex } from '@passgate/core/m365';

/**
 * An admin's URL pattern (`*` matches any run of characters, everything else literal) as an
 * anchored regex that both JavaScript and RE2 (declarativeNetRequest) accept.
 */
export function urlPatternToRegex(pattern: string): string {
  return `^${pattern.split('*').map(escapeRegex).join('.*')}$`;
}

/** True when `url` matches the pattern, case-insensitively as DNR does by default. */
export function matchesUrlPattern(url: string, pattern: string): boolean {
  return new RegExp(urlPatternToRegex(pattern), 'i').test(url);
}
