import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * Sends a server-rendered page. Pages are never stored by browsers or proxies: they may show an
 * e-mail address, and a cached password form is a stale CSRF token waiting to fail.
 */
export function renderPage(c: Context, page: VNode, status: ContentfulStatusCode = 200): Response {
  return c.html(`<!doctype html>${renderToString(page)}`, status, { 'Cache-Control': 'no-store' });
}
