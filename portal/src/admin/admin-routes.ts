import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { AppDeps } from '../app.js';
import type { Database } from '../store/database-schema.js';
import type { PageFrame } from '../views/page-frame.js';
import { adminAuthRoutes } from './admin-auth-routes.js';
import type { AdminConfig } from './admin-config-schema.js';
import { adminSessionCookie, signInFlowCookie } from './admin-cookies.js';
import { adminRefusalPage } from './admin-pages.js';
import { adminSession } from './admin-session-middleware.js';
import { consoleRoutes } from './console/console-routes.js';
import { createRelyingParty } from './oidc-relying-party.js';

export interface AdminRoutesOptions {
  deps: AppDeps;
  frame: PageFrame;
  policy: PasswordPolicy;
}

/**
 * Everything under /admin: the sign-in routes, the session middleware, then the console (every route of
 * which declares its role with requireAdmin). With no `admin.oidc` in the config, or no database to keep
 * sessions in, every /admin URL only says how to set the console up.
 */
export function adminRoutes({ deps, frame, policy }: AdminRoutesOptions): Hono {
  const { config } = deps;
  const look = { frame, policy };
  const app = new Hono();
  // Console pages show people's state and carry CSRF tokens: no browser or proxy keeps a copy.
  // ('/admin/*' matches /admin itself too.)
  app.use('/admin/*', noStore);

  const admin = config.admin;
  const db: Kysely<Database> | undefined = deps.db;
  const { adminDeps } = deps;
  if (admin?.oidc === null || admin?.oidc === undefined || db === undefined || adminDeps === undefined) {
    if (admin?.oidc && (db === undefined || adminDeps === undefined))
      deps.logger.warn('admin console: no database given, /admin is off');
    const notConfigured = (c: Context): Response => adminRefusalPage(c, look, 'ADMIN_NOT_CONFIGURED', null);
    app.all('/admin/*', notConfigured);
    return app;
  }

  const now = deps.now === undefined ? Date.now : () => (deps.now as () => Date)().getTime();
  // Read at each request: a test (or a future reload) that changes the lists is obeyed at once.
  const current = (): AdminConfig => config.admin as AdminConfig;
  const sessionCookie = adminSessionCookie(config.publicUrl);
  app.use('/admin/*', adminSession({ db, admin: current, cookie: sessionCookie, now }));
  app.route(
    '/',
    adminAuthRoutes({
      db,
      admin: current,
      relyingParty: createRelyingParty(admin.oidc, `${config.publicUrl}/admin/callback`, admin.groupsClaim),
      sessionCookie,
      flowCookie: signInFlowCookie(config.publicUrl, config.secretKey),
      look,
      now,
    }),
  );
  app.route(
    '/admin',
    consoleRoutes({
      db,
      config: adminDeps.config,
      adminDeps,
      frame,
      now: deps.now ?? (() => new Date()),
      ...(deps.wake === undefined ? {} : { wake: deps.wake }),
    }),
  );
  return app;
}

const noStore: MiddlewareHandler = async function noStore(c, next) {
  await next();
  c.header('Cache-Control', 'no-store');
};
