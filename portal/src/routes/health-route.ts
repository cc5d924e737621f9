import { Hono } from 'hono';

/** Reports whether the portal can serve: `{ ok, database }`, 503 when a check fails. */
export function healthRoute(checkDatabase?: () => Promise<boolean> | boolean): Hono {
  const routes = new Hono();
  routes.get('/healthz', async (c) => {
    let database: 'ok' | 'unreachable' | 'not-checked' = 'not-checked';
    if (checkDatabase !== undefined) {
      try {
        database = (await checkDatabase()) ? 'ok' : 'unreachable';
      } catch {
        database = 'unreachable';
      }
    }
    const ok = database !== 'unreachable';
    return c.json({ ok, database }, ok ? 200 : 503, { 'Cache-Control': 'no-store' });
  });
  return routes;
}
