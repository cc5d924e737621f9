import { LANGUAGE_NAMES, LANGUAGES } from '@passgate/core/i18n';
import { findPasswordPage } from '@passgate/core/m365';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { h, type VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { type PageLanguage, PageLanguageContext } from '../views/page-language.js';
import { currentMessages } from './request-messages.js';

const SWITCHER_LANGUAGES = LANGUAGES.map((code) => ({ code, name: LANGUAGE_NAMES[code] }));

/**
 * Where the switcher returns: this page by GET (a refused form's page was rendered by a POST). Of the
 * query only a `from` naming one of Microsoft's password pages is kept (and the console's filters): a
 * link's token must not travel on in another URL, and nothing else typed into the address bar is echoed
 * into the page.
 */
function switcherBack(c: Context): string {
  const url = new URL(c.req.url);
  // The console's queries are its filters and page positions (never a token): an admin switching
  // language keeps the list they were looking at. Its pages echo those filters already.
  if (c.req.method === 'GET' && isConsolePath(url.pathname) && url.search.length < 1000)
    return `${url.pathname}${url.search}`;
  const from = url.searchParams.get('from');
  return from !== null && findPasswordPage(from) !== undefined
    ? `${url.pathname}?from=${encodeURIComponent(from)}`
    : url.pathname;
}

/** Console pages whose query is a list's filters; not sign-in's own pages, whose query holds a code. */
function isConsolePath(path: string): boolean {
  if (['/admin/callback', '/admin/signin', '/admin/reauth'].includes(path)) return false;
  return path === '/admin' || path.startsWith('/admin/');
}

/**
 * Sends a server-rendered page. Pages are never stored by browsers or proxies: they may show an
 * e-mail address, and a cached password form is a stale CSRF token waiting to fail.
 */
export function renderPage(c: Context, page: VNode, status: ContentfulStatusCode = 200): Response {
  const language: PageLanguage = {
    messages: c.get('messages') ?? currentMessages(),
    switcher: SWITCHER_LANGUAGES.length > 1 ? { languages: SWITCHER_LANGUAGES, back: switcherBack(c) } : null,
  };
  const html = renderToString(h(PageLanguageContext.Provider, { value: language }, page));
  return c.html(`<!doctype html>${html}`, status, { 'Cache-Control': 'no-store' });
}
