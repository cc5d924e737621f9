import { createApp } from '@passgate/portal';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminClient,
  type AdminTestPortal,
  adminClient,
  startAdminTestPortal,
  TEST_ADMIN,
  TEST_HELPDESK,
} from '../support/admin-sign-in.js';

type Who = 'anonymous' | 'helpdesk' | 'admin';

interface Row {
  /** A concrete request for the route (fill in its parameters). */
  request: { method: 'GET' | 'POST'; path: string; fields?: Record<string, string> };
  /** The status each caller gets. */
  expect: Record<Who, number>;
}

/**
 * Every /admin route the app registers, keyed `METHOD path` as Hono lists them. Middleware (app.use) is
 * listed as ALL and needs a row too, marked 'middleware'. A route added without a row fails the first test.
 */
const MATRIX: Record<string, Row | 'middleware'> = {
  'ALL /admin': 'middleware',
  'ALL /admin/*': 'middleware',
  'GET /admin': {
    request: { method: 'GET', path: '/admin' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  // Anonymous: off to the identity provider; signed in: straight on to the console.
  'GET /admin/signin': {
    request: { method: 'GET', path: '/admin/signin' },
    expect: { anonymous: 302, helpdesk: 302, admin: 302 },
  },
  'GET /admin/reauth': {
    request: { method: 'GET', path: '/admin/reauth' },
    expect: { anonymous: 302, helpdesk: 302, admin: 302 },
  },
  // Without a sign-in started in this browser, a callback is refused for everyone.
  'GET /admin/callback': {
    request: { method: 'GET', path: '/admin/callback?code=x&state=y' },
    expect: { anonymous: 400, helpdesk: 400, admin: 400 },
  },
  'POST /admin/signout': {
    request: { method: 'POST', path: '/admin/signout' },
    expect: { anonymous: 303, helpdesk: 303, admin: 303 },
  },
  'GET /admin/signed-out': {
    request: { method: 'GET', path: '/admin/signed-out' },
    expect: { anonymous: 200, helpdesk: 200, admin: 200 },
  },
};

let t: AdminTestPortal;
let app: Hono;

beforeAll(async () => {
  t = await startAdminTestPortal({ startBackground: false });
  // The same app server.ts serves, built here so its route table can be read.
  app = createApp({
    config: t.config,
    accounts: t.portal.accounts,
    security: t.portal.security,
    passkeys: t.portal.passkeys,
    resets: t.portal.resets,
    logger: t.portal.logger,
    db: t.portal.store.db,
    now: t.portal.now,
  });
});
afterAll(async () => {
  await t?.close();
});

async function clientFor(who: Who): Promise<AdminClient> {
  const client = adminClient(t.url, t.emulator);
  if (who !== 'anonymous') {
    const answer = await client.signIn(who === 'admin' ? TEST_ADMIN.email : TEST_HELPDESK.email);
    expect(answer.status).toBe(303);
  }
  // A page with a form gives the browser its CSRF cookie and a form token, as the console's own forms do.
  expect((await client.get('/change')).html).toContain('name="_csrf"');
  return client;
}

describe('the /admin route × role matrix', () => {
  it('has a row for every /admin route the app registers', () => {
    const registered = new Set(
      app.routes
        .filter((route) => route.path === '/admin' || route.path.startsWith('/admin/'))
        .map((route) => `${route.method} ${route.path}`),
    );
    const missing = [...registered].filter((key) => !(key in MATRIX));
    expect(missing).toEqual([]);
  });

  for (const [key, row] of Object.entries(MATRIX)) {
    if (row === 'middleware') continue;
    for (const who of ['anonymous', 'helpdesk', 'admin'] as const) {
      it(`${key} answers ${row.expect[who]} to ${who}`, async () => {
        const client = await clientFor(who);
        const { method, path, fields } = row.request;
        const answer = method === 'GET' ? await client.get(path) : await client.post(path, fields);
        expect(answer.status).toBe(row.expect[who]);
        // Never a copy in a cache, whoever asks.
        expect(answer.headers.get('cache-control')).toBe('no-store');
        if (who === 'anonymous' && answer.status === 302 && !path.startsWith('/admin/signin'))
          expect(answer.location).toMatch(/^\/admin\/signin\?next=/);
      });
    }
  }
});
