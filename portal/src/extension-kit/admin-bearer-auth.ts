import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Admin downloads behind `Authorization: Bearer <token>` from config, until a fuller admin UI
 * exists. Throws at once on a short token. Both sides are hashed before a constant-time compare,
 * so neither the token's length nor its prefix leaks through timing.
 */
export function adminBearerAuth(token: string): MiddlewareHandler {
  if (token.length < 32) throw new Error('adminBearerAuth: expected a token of at least 32 characters');
  const expected = digest(token);
  return async function adminBearerAuthMiddleware(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined || !timingSafeEqual(digest(match[1]), expected)) {
      return c.json(
        {
          code: 'ADMIN_TOKEN_REQUIRED',
          message: 'send the admin token from config as: Authorization: Bearer <token>',
        },
        401,
        { 'WWW-Authenticate': 'Bearer realm="passgate-admin"', 'Cache-Control': 'no-store' },
      );
    }
    await next();
  };
}
