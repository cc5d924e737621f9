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

/** A path on this site ("/change?from=…"), or "/" for anything else ("//evil", "https://…", "\\x"). */
export function safeBack(back: string | undefined): string {
  if (back === undefined || !back.startsWith('/') || back.startsWith('//') || back.includes('\\')) return '/';
  return back.length > 2000 ? '/' : back;
}
