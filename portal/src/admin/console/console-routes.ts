import { Hono } from 'hono';
import { auditRoutes } from './audit-routes.js';
import type { ConsoleDeps } from './console-deps.js';
import { extensionConsoleRoutes } from './extension-console-routes.js';
import { overviewRoutes } from './overview-routes.js';
import { syncRoutes } from './sync-routes.js';
import { userRoutes } from './user-routes.js';

export type { ConsoleDeps } from './console-deps.js';

/**
 * The admin console's pages and actions, mounted at /admin by admin-routes.ts after the session
 * middleware. Every route names its role with requireAdmin: admin includes everything helpdesk may do.
 */
export function consoleRoutes(deps: ConsoleDeps): Hono {
  const routes = new Hono();
  routes.route('/', overviewRoutes(deps));
  routes.route('/', userRoutes(deps));
  routes.route('/', syncRoutes(deps));
  routes.route('/', auditRoutes(deps));
  routes.route('/', extensionConsoleRoutes(deps));
  return routes;
}
