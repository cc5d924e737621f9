import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/**
 * Gives each request a child logger carrying its id (`c.var.log`) and logs one line when it ends.
 * Only the path is logged, never the query: `from` may hold a Microsoft URL with tokens in it.
 */
export function requestLogger(logger: Logger): MiddlewareHandler {
  return async function requestLogger(c, next) {
    const log = logger.child({ requestId: c.var.requestId });
    c.set('log', log);
    const started = performance.now();
    await next();
    log.info(
      {
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}
