/** Percent-encoding helpers that never throw (encodeURIComponent does, on a lone surrogate). */

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/** Every byte of the text's UTF-8 form that is not unreserved becomes %XX (all of them when `all`). */
export function percentEncode(text: string, all = false): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const char = String.fromCharCode(byte);
    out += !all && UNRESERVED.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Decodes %XX to single (Latin-1) characters and leaves malformed escapes alone. */
export function percentDecodeLoose(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
