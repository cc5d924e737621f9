import type { MiddlewareHandler } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import type { AdminConfig } from './admin-config-schema.js';
import './admin-context-variables.js';
import type { AdminSessionCookie } from './admin-cookies.js';
import { roleFor } from './admin-roles.js';
import { endAdminSession, touchAdminSession } from './admin-sessions.js';

export interface AdminSessionOptions {
  db: Kysely<Database>;
  /** Read at every request: the role comes from the config as it is now, never from the session row. */
  admin: () => AdminConfig;
  cookie: AdminSessionCookie;
  now: () => number;
}

/**
 * Finds the console session behind the cookie (idle and absolute limits applied, idle clock moved) and
 * works out the person's role from the config now. Someone no longer in `admins` or `helpdesk` has their
 * session ended here, on their next request. Sets `c.var.adminGate` for requireAdmin.
 */
export function adminSession(options: AdminSessionOptions): MiddlewareHandler {
  return async function adminSession(c, next) {
    const admin = options.admin();
    const now = options.now();
    const gate = { reauthMaxAgeMs: admin.reauthMaxAgeSeconds * 1000, now };
    const token = options.cookie.read(c);
    const session =
      token === null
        ? null
        : await touchAdminSession(
            options.db,
            token,
            { idleMs: admin.sessionIdleMinutes * 60_000, maxMs: admin.sessionMaxHours * 3_600_000 },
            now,
          );
    if (token !== null && session === null) options.cookie.clear(c);
    const role = session === null ? null : roleFor(admin, session.email, session.groups);
    if (session !== null && role === null) {
      await endAdminSession(options.db, session.id);
      options.cookie.clear(c);
      c.var.log?.info({ adminSession: session.id }, 'admin session ended: no longer in admins or helpdesk');
    }
    const actor =
      session === null || role === null
        ? null
        : {
            sessionId: session.id,
            subject: session.subject,
            email: session.email,
            name: session.name,
            role,
            authTime: session.authTime,
          };
    c.set('adminGate', { ...gate, actor });
    await next();
  };
}
