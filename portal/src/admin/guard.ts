import type { Context, MiddlewareHandler } from 'hono';
import { RefusalException } from '../http/refusal-exception.js';
import type { AdminRole } from './admin-actor.js';
import './admin-context-variables.js';
import { roleCovers } from './admin-roles.js';
import { safeNext } from './safe-next.js';

export interface RequireAdminOptions {
  /** The action blocks someone (suspend): the admin's last real sign-in must be recent (admin.reauthMaxAgeSeconds). */
  recentAuth?: true;
}

/**
 * The console's guard, declared by every console route. No session: a page (GET) sends the browser to
 * sign in and back, anything else is refused with 401 (a form must not be replayed after a sign-in it
 * never asked for). A lesser role: 403 ADMIN_ROLE_REQUIRED. `recentAuth` with an older sign-in: 303 to
 * /admin/reauth, which asks the identity provider for a fresh authentication (max_age=0).
 */
export function requireAdmin(role: AdminRole, options: RequireAdminOptions = {}): MiddlewareHandler {
  if (role !== 'admin' && role !== 'helpdesk') throw new Error(`requireAdmin: unknown role ${String(role)}`);
  const recentAuth = options.recentAuth === true;
  return async function requireAdmin(c, next) {
    const gate = c.var.adminGate;
    const actor = gate?.actor ?? null;
    const readOnly = c.req.method === 'GET' || c.req.method === 'HEAD';
    if (actor === null) {
      if (readOnly) return c.redirect(`/admin/signin?next=${encodeURIComponent(here(c))}`, 302);
      throw new RefusalException('ADMIN_SIGNIN_REQUIRED');
    }
    if (!roleCovers(actor.role, role)) throw new RefusalException('ADMIN_ROLE_REQUIRED');
    if (recentAuth && gate.now - actor.authTime > gate.reauthMaxAgeMs) {
      const back = readOnly ? here(c) : refererPath(c);
      return c.redirect(`/admin/reauth?next=${encodeURIComponent(back)}`, 303);
    }
    c.set('admin', actor);
    await next();
  };
}

function here(c: Context): string {
  const url = new URL(c.req.url);
  return safeNext(`${url.pathname}${url.search}`);
}

/** A form's own page (its Referer, same origin only): after re-authenticating, the admin sends it again. */
function refererPath(c: Context): string {
  const referer = c.req.header('referer');
  if (referer === undefined || !URL.canParse(referer)) return '/admin';
  const from = new URL(referer);
  // By host, not origin: behind a proxy that ends TLS the request arrives over http while the page that
  // sent it was https. The host guard has already refused any host that is not the portal's.
  if (from.host !== new URL(c.req.url).host) return '/admin';
  return safeNext(`${from.pathname}${from.search}`);
}
