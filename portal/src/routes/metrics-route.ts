import { Hono } from 'hono';
import type { PortalMetrics } from '../metrics/portal-metrics.js';
import { bearerTokenAuth } from '../middleware/bearer-token-auth.js';

export interface MetricsRouteOptions {
  metrics: Pick<PortalMetrics, 'render' | 'contentType'>;
  /** Required as `Authorization: Bearer <token>` when set (config metrics.bearerToken). */
  bearerToken: string | null;
}

/** GET /metrics in Prometheus' text format; the queue gauges are read from the database per scrape. */
export function metricsRoute(options: MetricsRouteOptions): Hono {
  const routes = new Hono();
  if (options.bearerToken !== null) {
    routes.use(
      '/metrics',
      bearerTokenAuth({
        token: options.bearerToken,
        realm: 'passgate-metrics',
        code: 'METRICS_TOKEN_REQUIRED',
        message: 'send the metrics token from config as: Authorization: Bearer <token>',
      }),
    );
  }
  routes.get('/metrics', async (c) =>
    c.body(await options.metrics.render(), 200, {
      'Content-Type': options.metrics.contentType,
      'Cache-Control': 'no-store',
    }),
  );
  return routes;
}
