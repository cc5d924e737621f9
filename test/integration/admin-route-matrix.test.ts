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
  // The console (admin-console). {user} is pat.local (portal only: no Microsoft 365 job is made), {job}
  // names no job: past the guard the console refuses it with 409, which is what these rows show.
  'GET /admin/users': {
    request: { method: 'GET', path: '/admin/users?q=pat' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  'GET /admin/users/:id': {
    request: { method: 'GET', path: '/admin/users/{user}' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  'POST /admin/users/:id/unlock': {
    request: { method: 'POST', path: '/admin/users/{user}/unlock' },
    expect: { anonymous: 401, helpdesk: 303, admin: 303 },
  },
  'POST /admin/users/:id/reset-link': {
    request: { method: 'POST', path: '/admin/users/{user}/reset-link' },
    expect: { anonymous: 401, helpdesk: 303, admin: 303 },
  },
  // An active account gets no welcome link: refused past the guard, for both roles.
  'POST /admin/users/:id/activation-link': {
    request: { method: 'POST', path: '/admin/users/{user}/activation-link' },
    expect: { anonymous: 401, helpdesk: 409, admin: 409 },
  },
  'GET /admin/users/:id/expire': {
    request: { method: 'GET', path: '/admin/users/{user}/expire' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  'POST /admin/users/:id/expire': {
    request: { method: 'POST', path: '/admin/users/{user}/expire' },
    expect: { anonymous: 401, helpdesk: 303, admin: 303 },
  },
  'GET /admin/users/:id/suspend': {
    request: { method: 'GET', path: '/admin/users/{user}/suspend' },
    expect: { anonymous: 302, helpdesk: 403, admin: 200 },
  },
  'POST /admin/users/:id/suspend': {
    request: { method: 'POST', path: '/admin/users/{user}/suspend' },
    expect: { anonymous: 401, helpdesk: 403, admin: 303 },
  },
  'GET /admin/users/:id/unsuspend': {
    request: { method: 'GET', path: '/admin/users/{user}/unsuspend' },
    expect: { anonymous: 302, helpdesk: 403, admin: 200 },
  },
  'POST /admin/users/:id/unsuspend': {
    request: { method: 'POST', path: '/admin/users/{user}/unsuspend' },
    expect: { anonymous: 401, helpdesk: 403, admin: 303 },
  },
  'POST /admin/users/:id/never-expires': {
    request: { method: 'POST', path: '/admin/users/{user}/never-expires', fields: { on: 'on' } },
    expect: { anonymous: 401, helpdesk: 403, admin: 303 },
  },
  'GET /admin/sync': {
    request: { method: 'GET', path: '/admin/sync' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  'POST /admin/sync/:id/retry': {
    request: { method: 'POST', path: '/admin/sync/{job}/retry' },
    expect: { anonymous: 401, helpdesk: 409, admin: 409 },
  },
  'GET /admin/sync/:id/give-up': {
    request: { method: 'GET', path: '/admin/sync/{job}/give-up' },
    expect: { anonymous: 302, helpdesk: 403, admin: 409 },
  },
  'POST /admin/sync/:id/give-up': {
    request: { method: 'POST', path: '/admin/sync/{job}/give-up' },
    expect: { anonymous: 401, helpdesk: 403, admin: 409 },
  },
  'GET /admin/audit': {
    request: { method: 'GET', path: '/admin/audit?type=user_suspended' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  'GET /admin/audit/export.csv': {
    request: { method: 'GET', path: '/admin/audit/export.csv?user=pat.local%40portal-only.example' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  'GET /admin/audit/export.jsonl': {
    request: { method: 'GET', path: '/admin/audit/export.jsonl?user=pat.local%40portal-only.example' },
    expect: { anonymous: 302, helpdesk: 200, admin: 200 },
  },
  'GET /admin/extension': {
    request: { method: 'GET', path: '/admin/extension' },
    expect: { anonymous: 302, helpdesk: 403, admin: 200 },
  },
  // Not packed in this test: the admin is told so (404); helpdesk never gets that far.
  'GET /admin/extension/download': {
    request: { method: 'GET', path: '/admin/extension/download?browser=chrome&platform=linux&format=json' },
    expect: { anonymous: 302, helpdesk: 403, admin: 404 },
  },
  // The older route for automation (extension-routes.ts), there only with extension.adminToken set:
  // the bearer token alone opens it. A console session is worth nothing here, whatever its role.
  'GET /admin/extension/policy': {
    request: { method: 'GET', path: '/admin/extension/policy?browser=chrome&platform=linux&format=json' },
    expect: { anonymous: 401, helpdesk: 401, admin: 401 },
  },
};

/** extension.adminToken, so that every /admin route the portal can have is registered. */
const EXTENSION_ADMIN_TOKEN = 'f'.repeat(64);

let t: AdminTestPortal;
let app: Hono;

beforeAll(async () => {
  t = await startAdminTestPortal({
    startBackground: false,
    config: { extension: { adminToken: EXTENSION_ADMIN_TOKEN } },
  });
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
    adminDeps: t.portal.adminDeps,
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

/** Fills in a row's {user} (pat.local's id) and {job} (an id no job has). */
async function resolvePath(path: string): Promise<string> {
  const pat = await t.portal.store.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'pat.local@portal-only.example')
    .executeTakeFirstOrThrow();
  return path.replace('{user}', pat.id).replace('{job}', '00000000-0000-4000-8000-000000000000');
}

describe('the /admin route × role matrix', () => {
  it('opens GET /admin/extension/policy with the bearer token and nothing else', async () => {
    const path = '/admin/extension/policy?browser=chrome&platform=linux&format=json';
    const bearer = await fetch(`${t.url}${path}`, {
      headers: { authorization: `Bearer ${EXTENSION_ADMIN_TOKEN}` },
    });
    // Past the token check: the extension is not packed in this test, which is what it says.
    expect(bearer.status).toBe(404);
    expect(await bearer.text()).toContain('NOT_PACKED');
    const wrong = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${'0'.repeat(64)}` } });
    expect(wrong.status).toBe(401);
  });

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
        const { method, fields } = row.request;
        const path = await resolvePath(row.request.path);
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
