import { Hono } from 'hono';
import type { Readiness } from '../store/check-readiness.js';

const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * `/healthz`: the process is alive and serving (200, nothing else is checked, so a database outage never
 * makes a supervisor restart every instance). `/readyz`: this instance may take traffic — the database
 * answers and its schema is current; otherwise 503 with `{ ok: false, reason, message }`. Without a
 * readiness check (tests of the web layer alone) /readyz says `checked: false`.
 */
export function healthRoute(checkReadiness?: () => Promise<Readiness>): Hono {
  const routes = new Hono();
  let wasReady = true;
  routes.get('/healthz', (c) => c.json({ ok: true }, 200, NO_STORE));
  routes.get('/readyz', async (c) => {
    if (checkReadiness === undefined) return c.json({ ok: true, checked: false }, 200, NO_STORE);
    const readiness = await checkReadiness().catch(
      (): Readiness => ({
        ready: false,
        reason: 'DATABASE_UNREACHABLE',
        message: 'the readiness check failed',
      }),
    );
    // Logged when the state changes, not on every probe of a long outage.
    if (readiness.ready !== wasReady) {
      if (readiness.ready) c.var.log?.info('ready again: the database answers and its schema is current');
      else c.var.log?.warn({ reason: readiness.reason, why: readiness.message }, 'not ready');
      wasReady = readiness.ready;
    }
    if (readiness.ready) return c.json({ ok: true }, 200, NO_STORE);
    return c.json({ ok: false, reason: readiness.reason, message: readiness.message }, 503, NO_STORE);
  });
  return routes;
}
