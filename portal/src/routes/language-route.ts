import { isLanguage, LANGUAGES } from '@passgate/core/i18n';
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { LANGUAGE_COOKIE } from '../middleware/language.js';

/** A year: a language picked once stays picked. */
const REMEMBER_SECONDS = 365 * 24 * 60 * 60;

/**
 * GET /language?lang=de&back=/change: the switcher's form (works without script). Remembers the
 * choice in a cookie and goes back to the page it was picked on: only a path of this site, never
 * another host (no open redirect). An unknown language changes nothing.
 */
export function languageRoute(options: { https: boolean }): Hono {
  const app = new Hono();
  app.get('/language', (c) => {
    const lang = c.req.query('lang');
    const back = safeBack(c.req.query('back'));
    if (lang !== undefined && isLanguage(lang) && LANGUAGES.includes(lang)) {
      setCookie(c, LANGUAGE_COOKIE, lang, {
        path: '/',
        maxAge: REMEMBER_SECONDS,
        httpOnly: true,
        secure: options.https,
        sameSite: 'Lax',
      });
    }
    return c.redirect(back, 303);
  });
  return app;
}

/**
 * A path on this site ("/change?from=…"), or "/" for anything else ("//evil", "https://…", "\\x", and
 * "/\t/evil": browsers drop tabs and line breaks from a URL, which would make that "//evil"). Resolved
 * against a placeholder origin and kept only when it stays there, as the browser would resolve it.
 */
export function safeBack(back: string | undefined): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused here.
  if (back === undefined || back.length > 2000 || /[\u0000-\u001f\u007f\\]/.test(back)) return '/';
  if (!back.startsWith('/') || back.startsWith('//')) return '/';
  const base = 'https://portal.invalid';
  const url = URL.canParse(back, base) ? new URL(back, base) : null;
  if (url === null || url.origin !== base) return '/';
  // Resolving drops dot segments: "/.//evil" comes out as "//evil", which is another host again.
  const path = `${url.pathname}${url.search}`;
  return path.startsWith('//') ? '/' : path;
}
