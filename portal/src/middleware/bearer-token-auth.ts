import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export interface BearerTokenAuthOptions {
  /** The token from config: at least 32 characters. */
  token: string;
  /** Named in `WWW-Authenticate: Bearer realm="…"`. */
  realm: string;
  /** The stable code of the 401 answer, e.g. METRICS_TOKEN_REQUIRED. */
  code: string;
  /** What the 401 answer tells the caller to send. */
  message: string;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Lets a request through only with `Authorization: Bearer <token>`; otherwise 401 with a JSON
 * `{ code, message }`. Throws at once on a short token. Both sides are hashed before a constant-time
 * compare, so neither the token's length nor its prefix leaks through timing.
 */
export function bearerTokenAuth(options: BearerTokenAuthOptions): MiddlewareHandler {
  if (options.token.length < 32)
    throw new Error('bearerTokenAuth: expected a token of at least 32 characters');
  const expected = digest(options.token);
  const { code, message } = options;
  return async function bearerTokenAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1] === undefined || !timingSafeEqual(digest(match[1]), expected)) {
      return c.json({ code, message }, 401, {
        'WWW-Authenticate': `Bearer realm="${options.realm}"`,
        'Cache-Control': 'no-store',
      });
    }
    await next();
  };
}
