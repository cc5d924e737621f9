import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';

/** What a proxy's own request id looks like (nginx's $request_id, a UUID); nothing that could forge a log line. */
const CLIENT_REQUEST_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Gives each request a child logger carrying its id (`c.var.log`) and logs one line when it ends.
 * Only the path is logged, never the query: `from` may hold a Microsoft URL with tokens in it.
 * A client's `X-Request-Id` is logged only when well-formed, and only as `clientRequestId`, so a
 * proxy's id can be matched with ours without the client choosing what `requestId` says.
 */
export interface RequestLoggerOptions {
  /** Paths logged at debug rather than info: load-balancer probes and scrapes, every few seconds. */
  quietPaths?: readonly string[];
}

export function requestLogger(logger: Logger, options: RequestLoggerOptions = {}): MiddlewareHandler {
  const quiet = new Set(options.quietPaths ?? []);
  return async function requestLogger(c, next) {
    const claimed = c.req.header('x-request-id');
    const log = logger.child({
      requestId: c.var.requestId,
      ...(claimed !== undefined && CLIENT_REQUEST_ID.test(claimed) ? { clientRequestId: claimed } : {}),
    });
    c.set('log', log);
    const started = performance.now();
    await next();
    log[quiet.has(c.req.path) && c.res.status < 400 ? 'debug' : 'info'](
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
