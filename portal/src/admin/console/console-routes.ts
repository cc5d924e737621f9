import { Hono } from 'hono';
import { h } from 'preact';
import type { AppDeps } from '../../app.js';
import { renderPage } from '../../http/render-page.js';
import type { PageFrame } from '../../views/page-frame.js';
import { PageLayout } from '../../views/page-layout.js';
import { requireAdmin } from '../guard.js';

/** What the console's routes get: the portal's app deps and the page frame (admin-console fills the console in). */
export type ConsoleDeps = AppDeps & { frame: PageFrame };

/**
 * PLACEHOLDER (admin-auth): the overview stub that proves sign-in, sessions and the guard end to end.
 * The admin-console branch replaces this file with the console itself.
 */
export function consoleRoutes(deps: ConsoleDeps): Hono {
  const app = new Hono();
  app.get('/', requireAdmin('helpdesk'), (c) => {
    const actor = c.var.admin;
    const children = [
      h('h1', null, 'Passgate console'),
      h('p', null, `Signed in as ${actor.name} (${actor.email}), role ${actor.role}.`),
      h(
        'form',
        { method: 'post', action: '/admin/signout' },
        h('input', { type: 'hidden', name: '_csrf', value: c.var.csrfToken }),
        h('button', { type: 'submit', class: 'button button--secondary' }, 'Sign out'),
      ),
    ];
    const page = PageLayout({ frame: deps.frame, title: 'Passgate console', children });
    return renderPage(c, page);
  });
  return app;
}
