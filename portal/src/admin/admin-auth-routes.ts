import { type Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { addressBucket } from '../accounts/address-bucket.js';
import type { Database } from '../store/database-schema.js';
import { countInWindow, takeFromWindow, type Window } from '../store/port/counters.js';
import type { AdminConfig } from './admin-config-schema.js';
import './admin-context-variables.js';
import { recordAdminAudit } from './admin-audit.js';
import type { AdminSessionCookie, SignInFlowCookie } from './admin-cookies.js';
import { type AdminLook, adminRefusalPage, signedOutPage } from './admin-pages.js';
import { roleFor } from './admin-roles.js';
import { createAdminSession, endAdminSession } from './admin-sessions.js';
import { IssuerMismatchError } from './issuer-mismatch-error.js';
import type { RelyingParty, SignInFailure } from './oidc-relying-party.js';
import { safeNext } from './safe-next.js';

/**
 * Failed console sign-ins counted per client address (IPv6 by /64). Each one costs a call to the
 * identity provider and an append-only audit row; past the limit neither happens until the window ends.
 */
export const ADMIN_SIGNIN_FAILURES: Window = { max: 20, windowSeconds: 900 };

export interface AdminAuthDeps {
  db: Kysely<Database>;
  admin: () => AdminConfig;
  relyingParty: RelyingParty;
  sessionCookie: AdminSessionCookie;
  flowCookie: SignInFlowCookie;
  look: AdminLook;
  now: () => number;
}

/**
 * /admin/signin, /admin/reauth, /admin/callback, /admin/signout, /admin/signed-out: signing in to the
 * console at the organisation's identity provider. Run after the admin session middleware, so
 * `c.var.adminGate` says who (if anyone) is signed in already.
 */
export function adminAuthRoutes(deps: AdminAuthDeps): Hono {
  const { db, look, now } = deps;
  const app = new Hono();

  async function startSignIn(c: Context, reauth: boolean): Promise<Response> {
    const next = safeNext(c.req.query('next'));
    let started: Awaited<ReturnType<RelyingParty['start']>>;
    try {
      started = await deps.relyingParty.start({ reauth, maxAgeSeconds: deps.admin().reauthMaxAgeSeconds });
    } catch (error) {
      c.var.log.warn({ err: errorLine(error) }, 'admin sign-in: identity provider discovery failed');
      // A provider that answered with another issuer is reachable: saying it is not sends whoever runs the
      // portal looking at the network instead of at admin.oidc.issuer (the log line names both issuers).
      const code = error instanceof IssuerMismatchError ? 'ADMIN_IDP_MISCONFIGURED' : 'ADMIN_IDP_UNREACHABLE';
      return adminRefusalPage(c, look, code, {
        href: '/admin/signin',
        key: 'console.tryAgain',
      });
    }
    deps.flowCookie.write(c, { ...started.checks, next, reauth, startedAt: now() });
    return c.redirect(started.url.href, 302);
  }

  app.get('/admin/signin', async (c) => {
    const actor = c.var.adminGate.actor;
    // Already signed in: straight on (a bookmarked sign-in link must not start a second session).
    if (actor !== null) return c.redirect(safeNext(c.req.query('next')), 302);
    return startSignIn(c, false);
  });

  app.get('/admin/reauth', async (c) => {
    if (c.var.adminGate.actor === null)
      return c.redirect(`/admin/signin?next=${encodeURIComponent(safeNext(c.req.query('next')))}`, 302);
    return startSignIn(c, true);
  });

  app.get('/admin/callback', async (c) => {
    const flow = deps.flowCookie.read(c, now());
    // One use: whatever happens next, this browser's checks are spent.
    deps.flowCookie.clear(c);
    if (flow === null) {
      // Not audited: nothing was attempted (no sign-in started in this browser), and anyone can send
      // this request as often as they like: one row each would grow the append-only log without bound.
      c.var.log.info('admin sign-in callback without a started sign-in');
      return adminRefusalPage(c, look, 'ADMIN_SIGNIN_EXPIRED');
    }
    const failuresKey = `admin-signin-fail:${addressBucket(c.var.clientIp)}`;
    if ((await countInWindow(db, failuresKey, ADMIN_SIGNIN_FAILURES, now())) >= ADMIN_SIGNIN_FAILURES.max) {
      c.var.log.warn('admin sign-in refused: too many failed sign-ins from this address');
      return adminRefusalPage(c, look, 'RATE_LIMITED', null);
    }
    const result = await deps.relyingParty.finish(new URL(c.req.url).searchParams, flow);
    if ('kind' in result) {
      const code = failureCode(result);
      if (code === 'ADMIN_SIGNIN_FAILED') await takeFromWindow(db, failuresKey, ADMIN_SIGNIN_FAILURES, now());
      // The detail (which check failed) goes to the log for whoever runs the portal; the page says what to do.
      c.var.log.warn({ oidcFailure: result.kind, detail: result.detail }, 'admin sign-in refused');
      await refused(c, null, code);
      return adminRefusalPage(c, look, code);
    }
    const role = roleFor(deps.admin(), result.email, result.groups);
    if (role === null) {
      await refused(c, { subject: result.subject, email: result.email }, 'ADMIN_NOT_AN_ADMIN');
      return adminRefusalPage(c, look, 'ADMIN_NOT_AN_ADMIN', {
        href: '/admin/signin',
        key: 'console.signInOther',
      });
    }
    // A fresh token at every sign-in (re-authentication too): a session id planted before it is worth nothing.
    const previous = c.var.adminGate.actor;
    if (previous !== null) await endAdminSession(db, previous.sessionId);
    const admin = deps.admin();
    const at = now();
    const session = await createAdminSession(
      db,
      {
        subject: result.subject,
        email: result.email,
        name: result.name,
        groups: result.groups,
        authTime: result.authTime,
      },
      { idleMs: admin.sessionIdleMinutes * 60_000, maxMs: admin.sessionMaxHours * 3_600_000 },
      at,
    );
    deps.sessionCookie.write(c, session.token, session.expiresAt, at);
    await recordAdminAudit(db, c, {
      type: 'admin_login_attempt',
      success: true,
      person: { subject: result.subject, email: result.email },
      role,
      at: new Date(at),
    });
    c.var.log.info({ adminSession: session.id, role, reauth: flow.reauth }, 'admin signed in');
    return c.redirect(flow.next, 303);
  });

  // POST only, behind the portal's CSRF check: a link or an image elsewhere cannot sign anyone out.
  app.post('/admin/signout', async (c) => {
    const actor = c.var.adminGate.actor;
    deps.sessionCookie.clear(c);
    if (actor !== null) {
      await endAdminSession(db, actor.sessionId);
      await recordAdminAudit(db, c, {
        type: 'admin_logout',
        success: true,
        person: { subject: actor.subject, email: actor.email },
        at: new Date(now()),
      });
    }
    return c.redirect('/admin/signed-out', 303);
  });

  app.get('/admin/signed-out', (c) => signedOutPage(c, look.frame));

  async function refused(
    c: Context,
    person: { subject: string; email: string | null } | null,
    code: string,
  ): Promise<void> {
    await recordAdminAudit(db, c, {
      type: 'admin_login_attempt',
      success: false,
      person: person ?? { subject: null, email: null },
      errorMessage: code,
      at: new Date(now()),
    });
  }

  return app;
}

function failureCode(
  failure: SignInFailure,
): 'ADMIN_IDP_UNREACHABLE' | 'ADMIN_IDP_MISCONFIGURED' | 'ADMIN_SIGNIN_FAILED' {
  switch (failure.kind) {
    case 'unreachable':
      return 'ADMIN_IDP_UNREACHABLE';
    case 'misconfigured':
      return 'ADMIN_IDP_MISCONFIGURED';
    case 'refused':
    case 'invalid':
      return 'ADMIN_SIGNIN_FAILED';
  }
}

function errorLine(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : 'unknown failure';
}
