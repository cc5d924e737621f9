import { z } from 'zod';

/** Longer than any Microsoft password-page URL; anything longer is ignored rather than shown. */
export const MAX_FROM_LENGTH = 4096;

/** The longest `from` a form may post: the longest address, percent-encoded (3 characters each at most). */
export const MAX_POSTED_FROM_LENGTH = 3 * MAX_FROM_LENGTH;

/** A form's `from` field: carried through for display only, never a reason to refuse the form. */
export const fromField = z.string().max(MAX_POSTED_FROM_LENGTH).optional().catch(undefined);

/**
 * Reads `from` the way the extension sends it. Its declarativeNetRequest rule inserts the original
 * URL raw (`/change?from=https://x/?a=1&b=c%20d`), so URLSearchParams would cut it at the first `&`
 * and decode its `%20`: the value is everything after `from=`, untouched. The `tabs.update`
 * fallback sends it encoded (`from=https%3A%2F%2F…`), which is decoded and ends at the next `&`.
 *
 * Returns an http(s) URL to DISPLAY, or null. Callers must never follow it or redirect to it.
 */
export function readFromParam(requestUrl: string): string | null {
  const queryStart = requestUrl.indexOf('?');
  if (queryStart === -1) return null;
  const query = requestUrl.slice(queryStart + 1);
  const found = /(?:^|&)from=/.exec(query);
  if (found === null) return null;
  return cleanFrom(query.slice(found.index + found[0].length));
}

/** Accepts a `from` value posted back from the form's hidden field (already decoded by the form parser). */
export function cleanFrom(value: string): string | null {
  let candidate = value;
  if (/^https?%3A/i.test(candidate)) {
    const end = candidate.indexOf('&');
    try {
      candidate = decodeURIComponent(end === -1 ? candidate : candidate.slice(0, end));
    } catch {
      return null;
    }
  }
  if (candidate.length === 0 || candidate.length > MAX_FROM_LENGTH) return null;
  return isHttpUrl(candidate) ? candidate : null;
}

function isHttpUrl(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
