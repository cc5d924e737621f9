/** A support link comes from config, but a `javascript:` URL there must still never become a link. */
export function safeSupportUrl(url: string | null): string | null {
  if (url === null) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:' || protocol === 'mailto:' ? url : null;
  } catch {
    return null;
  }
}
