import { describe, expect, it } from 'vitest';
import { capturingLogger, ScriptedAccounts, webTestConfig } from '../../test-support/web-test-kit.js';
import { type AppDeps, createApp } from '../app.js';
import type { Readiness } from '../store/check-readiness.js';

function appWith(checkReadiness?: AppDeps['checkReadiness']) {
  const { logger, lines } = capturingLogger();
  const app = createApp({
    config: webTestConfig({ publicUrl: 'https://passwords.example.org' }),
    accounts: new ScriptedAccounts(),
    logger,
    ...(checkReadiness ? { checkReadiness } : {}),
  });
  return { app, lines };
}

const PROBE_URL = 'http://10.0.0.7:8787';

describe('healthRoute()', () => {
  it('answers /healthz with 200 under any host name, uncached and without cookies, whatever the database says', async () => {
    const { app } = appWith(async () => ({
      ready: false,
      reason: 'DATABASE_UNREACHABLE',
      message: 'the database cannot be reached',
    }));
    const response = await app.request(`${PROBE_URL}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('answers /readyz with 200 when ready, 503 with the reason when not, under any host name', async () => {
    let readiness: Readiness = { ready: true };
    const { app, lines } = appWith(async () => readiness);
    const ready = await app.request(`${PROBE_URL}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true });
    expect(ready.headers.get('cache-control')).toBe('no-store');
    expect(ready.headers.get('set-cookie')).toBeNull();

    readiness = {
      ready: false,
      reason: 'MIGRATIONS_PENDING',
      message: '1 migration(s) not run yet (0004_x): run passgate db migrate',
    };
    for (let probe = 0; probe < 3; probe++) {
      const down = await app.request(`${PROBE_URL}/readyz`);
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ ok: false, reason: readiness.reason, message: readiness.message });
      expect(down.headers.get('cache-control')).toBe('no-store');
    }
    // Said once when it changed, not on every probe.
    expect(lines.filter((line) => line.includes('"msg":"not ready"'))).toHaveLength(1);
  });

  it('turns a readiness check that throws into 503, never a 500', async () => {
    const { app } = appWith(() => Promise.reject(new Error('boom')));
    const response = await app.request(`${PROBE_URL}/readyz`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ ok: false, reason: 'DATABASE_UNREACHABLE' });
  });

  it('logs probes at debug, so a load balancer does not fill the log', async () => {
    const { app, lines } = appWith(async () => ({ ready: true }));
    await app.request(`${PROBE_URL}/healthz`);
    await app.request(`${PROBE_URL}/readyz`);
    const requestLines = lines.map((line) => JSON.parse(line)).filter((entry) => entry.msg === 'request');
    expect(requestLines.map((entry) => [entry.path, entry.level])).toEqual([
      ['/healthz', 20],
      ['/readyz', 20],
    ]);
  });

  it('still refuses other paths under a foreign host name', async () => {
    const { app } = appWith();
    expect((await app.request(`${PROBE_URL}/change`)).status).toBe(421);
    expect(await (await app.request('https://passwords.example.org/readyz')).json()).toEqual({
      ok: true,
      checked: false,
    });
  });
});
