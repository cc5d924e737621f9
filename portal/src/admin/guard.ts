import type { MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AdminActor, AdminRole } from './admin-actor.js';

/*
 * STAND-IN until branch admin-auth is merged (its guard.ts replaces this file whole): the contract's
 * signature, enough for the console to compile. It trusts whatever set c.var.admin.
 */
declare module 'hono' {
  interface ContextVariableMap {
    admin: AdminActor;
  }
}

export function requireAdmin(role: AdminRole, options: { recentAuth?: true } = {}): MiddlewareHandler {
  return async function requireAdmin(c, next) {
    const admin = c.get('admin') as AdminActor | undefined;
    if (admin === undefined) {
      if (c.req.method === 'GET')
        return c.redirect(`/admin/signin?next=${encodeURIComponent(c.req.path)}`, 302);
      throw new HTTPException(401);
    }
    if (role === 'admin' && admin.role !== 'admin')
      throw new HTTPException(403, { message: 'ADMIN_ROLE_REQUIRED' });
    if (options.recentAuth && Date.now() - admin.authTime > 300_000)
      return c.redirect(`/admin/reauth?next=${encodeURIComponent(c.req.path)}`, 303);
    await next();
  };
}
