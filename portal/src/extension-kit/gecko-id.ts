import { createHash } from 'node:crypto';

/**
 * Firefox's add-on id forms: an email-like string or a {GUID}, at most 80 characters
 * (https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/manifest.json/browser_specific_settings).
 */
const GECKO_ID =
  /^(?:[a-zA-Z0-9._-]+@[a-zA-Z0-9._-]+|\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\})$/;
export const GECKO_ID_MAX_LENGTH = 80;

export function isGeckoId(value: string): boolean {
  return value.length <= GECKO_ID_MAX_LENGTH && GECKO_ID.test(value);
}

/**
 * The organisation's own Firefox add-on id, derived from the portal's public URL when config
 * names none: `passgate@<portal host>`. Mozilla keeps ids unique across everyone who signs, so
 * one id shared by every organisation would collide at the second signing; the portal's host
 * name is the organisation's and is stable. A host too long for the limit gets a {GUID} made
 * from its hash instead, still the same for every pack of the same portal.
 */
export function geckoIdFor(publicUrl: string): string {
  const host = new URL(publicUrl).hostname.replace(/[^a-zA-Z0-9._-]/g, '-');
  const id = `passgate@${host}`;
  if (isGeckoId(id)) return id;
  const hex = createHash('sha256').update(publicUrl).digest('hex');
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}}`;
}
