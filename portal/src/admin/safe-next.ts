/**
 * Where to go after signing in: only a path of this console (`/admin` or below), never another origin.
 * `//evil.example`, `/\evil.example` (browsers read `\` as `/`), `/admin/../change`, control
 * characters and anything longer than a URL needs fall back to `/admin`.
 */
export function safeNext(raw: string | undefined | null): string {
  const fallback = '/admin';
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 1024) return fallback;
  if (!raw.startsWith('/') || raw.startsWith('//') || /[\\]|\p{Cc}/u.test(raw)) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw, 'https://portal.invalid');
  } catch {
    return fallback;
  }
  // The resolved path, not the raw one: dot segments are gone, and it must still be in the console.
  if (parsed.origin !== 'https://portal.invalid') return fallback;
  if (parsed.pathname !== '/admin' && !parsed.pathname.startsWith('/admin/')) return fallback;
  if (/^\/admin\/(signin|callback|reauth|signout)(\/|$)/.test(parsed.pathname)) return fallback;
  return `${parsed.pathname}${parsed.search}`;
}
