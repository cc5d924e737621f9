import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

/**
 * Sets `c.var.requestId` to a fresh random id and sends it back as `X-Request-Id`. A client's own
 * `X-Request-Id` is never adopted (unlike hono's requestId()): the id is shown on error pages as the
 * reference support searches the log for, so a chosen one could collide with or impersonate another
 * request's lines. requestLogger() keeps a well-formed client id apart, as `clientRequestId`.
 */
export function requestId(): MiddlewareHandler {
  return async function requestId(c, next) {
    const id = randomUUID();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}
