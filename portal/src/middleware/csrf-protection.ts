import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import {
  checkCsrfToken,
  csrfTokenFor,
  deriveCsrfKey,
  isCsrfSecret,
  newCsrfSecret,
} from '../http/csrf-token.js';
import { portalOrigins } from '../http/portal-origins.js';
import { RefusalException } from '../http/refusal-exception.js';

export interface CsrfProtectionOptions {
  secretKey: Buffer;
  /** The portal's public address: only its origin is accepted, and https makes the cookie Secure. */
  publicUrl: string;
  /** Name of the hidden form field that carries the token. */
  fieldName?: string;
  /** How long a rendered form stays usable. */
  maxAgeSeconds?: number;
  now?: () => number;
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF protection for every form: an Origin check and a signed double-submit token. Both must pass.
 * Sets `c.var.csrfToken` for the views; refuses with FORM_EXPIRED (403), before any handler runs.
 */
export function csrfProtection(options: CsrfProtectionOptions): MiddlewareHandler {
  if (options.secretKey.length < 32)
    throw new Error('csrfProtection: expected a secretKey of at least 32 bytes');
  const publicUrl = new URL(options.publicUrl);
  const origins = portalOrigins(options.publicUrl);
  const key = deriveCsrfKey(options.secretKey);
  const fieldName = options.fieldName ?? '_csrf';
  const maxAgeSeconds = options.maxAgeSeconds ?? 2 * 60 * 60;
  const now = options.now ?? Date.now;
  const secure = publicUrl.protocol === 'https:';
  // __Host- makes browsers refuse the cookie from a sibling subdomain (cookie tossing); it needs Secure.
  const cookieName = secure ? '__Host-passgate-csrf' : 'passgate-csrf';

  return async function csrfProtection(c, next) {
    const cookieSecret = getCookie(c, cookieName);
    if (UNSAFE_METHODS.has(c.req.method)) {
      const refusal = originProblem(c, origins) ?? (await tokenProblem(c, cookieSecret));
      if (refusal !== null) {
        // `log` is absent when this middleware is used without requestLogger (its own tests).
        c.var.log?.warn({ csrf: refusal }, 'form refused by CSRF protection');
        throw new RefusalException('FORM_EXPIRED');
      }
    }
    let secret = cookieSecret;
    if (!isCsrfSecret(secret)) {
      secret = newCsrfSecret();
      setCookie(c, cookieName, secret, { path: '/', httpOnly: true, sameSite: 'Strict', secure });
    }
    c.set('csrfToken', csrfTokenFor(key, secret, now()));
    await next();
  };

  async function tokenProblem(c: Context, secret: string | undefined): Promise<string | null> {
    if (!isCsrfSecret(secret)) return 'missing-cookie';
    let token: unknown;
    try {
      token = (await c.req.parseBody())[fieldName];
    } catch {
      return 'unreadable-body';
    }
    if (typeof token !== 'string' || token === '') return 'missing-token';
    const check = checkCsrfToken(key, secret, token, now(), maxAgeSeconds);
    return check === 'valid' ? null : check;
  }
}

/**
 * Browsers send Origin on every cross-site POST; a forged form shows the attacker's origin. Only the
 * portal's own origins pass (see portalOrigins), never whatever the request's Host header says: under
 * DNS rebinding the attacker's page and its Host are both evil.example, so "same as the request" would
 * let it through.
 */
function originProblem(c: Context, origins: ReadonlySet<string>): string | null {
  const claimed = c.req.header('origin') ?? refererOrigin(c.req.header('referer'));
  if (claimed === undefined) return 'missing-origin';
  return origins.has(claimed) ? null : 'foreign-origin';
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'invalid-referer';
  }
}
