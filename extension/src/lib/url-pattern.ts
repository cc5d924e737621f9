import { escapeRegex } from '@passgate/core/m365';

/**
 * The pattern without its scheme's default port (`https://sts.contoso.com:443/…`, `http://…:80/…`):
 * browsers leave that port out of every URL they report (https://url.spec.whatwg.org/#url-serializing),
 * so written out it could never match. Kept rather than refused: a refused entry drops the admin's
 * whole list.
 */
function withoutDefaultPort(pattern: string): string {
  return pattern.replace(/^(https:\/\/[^/?#]*?):443(?=\/|$)|^(http:\/\/[^/?#]*?):80(?=\/|$)/i, '$1$2');
}

/**
 * An admin's URL pattern (`*` matches any run of characters, everything else literal) as an
 * anchored regex that both JavaScript and RE2 (declarativeNetRequest) accept. A `*` that is the host's
 * whole first label (`https://*.contoso.com/…`) matches host-name characters only: a path or query
 * naming the host (https://evil.example/x?.contoso.com/…) cannot satisfy it. A default port written
 * out is dropped (withoutDefaultPort).
 */
export function urlPatternToRegex(written: string): string {
  const pattern = withoutDefaultPort(written);
  const label = /^([a-z]+:\/\/)\*\./i.exec(pattern);
  const head = label === null ? '' : `${escapeRegex(label[1] ?? '')}[a-z0-9.-]*\\.`;
  const rest = label === null ? pattern : pattern.slice(label[0].length);
  return `^${head}${rest.split('*').map(escapeRegex).join('.*')}$`;
}

/** True when `url` matches the pattern, case-insensitively as DNR does by default. */
export function matchesUrlPattern(url: string, pattern: string): boolean {
  return new RegExp(urlPatternToRegex(pattern), 'i').test(url);
}
