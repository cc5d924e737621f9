import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { RequestSample } from '../metrics/portal-metrics.js';

export interface HttpMetricsOptions {
  /** Receives one sample per request (PortalMetrics.requestServed). */
  record(sample: RequestSample): void;
}

/**
 * Times every request, first in the chain so refusals by later middleware (421, 413, 403) count too.
 * The label is the route pattern that answered (`/link/:token`), never the URL: a URL holds tokens and
 * is unbounded. A request no route matched (404, or refused before routing) shows as `/*`.
 */
export function httpMetrics(options: HttpMetricsOptions): MiddlewareHandler {
  return async function httpMetrics(c, next) {
    const started = performance.now();
    await next();
    options.record({
      method: c.req.method,
      route: routePath(c),
      status: c.res.status,
      seconds: (performance.now() - started) / 1000,
    });
  };
}
