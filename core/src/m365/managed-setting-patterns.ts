/**
 * Regular expressions Chrome checks policy values against (`pattern` in managed_schema.json), so
 * `chrome://policy` flags a malformed value before the extension ever sees it. Chrome matches them
 * with RE2 as a partial match, so each is anchored. They are a first line only: the zod checks in
 * managed-settings.ts stay the authority (Firefox does not enforce an extension's schema at all),
 * and a unit test holds each pattern to agree with its zod check on typical good and bad values.
 * Syntax: the subset shared by RE2 and JavaScript (no lookaround, no backreferences).
 */

/** https://host[:port][/path], or http:// on a loopback host; no query, fragment, user info or backslash. */
export const PORTAL_URL_PATTERN =
  '^(https://[^/?#@\\s\\\\]+|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])(:[0-9]+)?)(/[^?#\\s\\\\]*)?$';

/** A web page or a mailto: address. */
export const SUPPORT_URL_PATTERN = '^(https?://[^/?#\\s]+|mailto:[^\\s]+)';

/** A full http(s) URL pattern with `*` wildcards. */
export const URL_PATTERN_PATTERN = '^https?://[^/\\s]*[^\\s]*$';

/** Anything with at least one visible character. */
export const NON_BLANK_PATTERN = '\\S';

/** A DNS domain name such as contoso.com: no scheme, path, port or @. */
export const DOMAIN_PATTERN = '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$';
