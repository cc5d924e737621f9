import { describe, expect, it } from 'vitest';
import {
  capturingLogger,
  openForm,
  ScriptedAccounts,
  submitForm,
  webTestConfig,
} from '../../test-support/web-test-kit.js';
import type { ChangeOutcome } from '../accounts/account-service.js';
import { createApp } from '../app.js';
import { countChangeOutcomes } from '../metrics/count-change-outcomes.js';
import { createPortalMetrics } from '../metrics/portal-metrics.js';

const TOKEN = 'f3a9c1e7b5d2084f6a1c3e5b7d9f0a2c';
const SCRAPE_URL = 'http://10.0.0.7:8787/metrics';
const NEXT = 'Kettle-Harbour-Violet-93';

function appWith(metrics: { enabled: boolean; bearerToken: string | null }, ...outcomes: ChangeOutcome[]) {
  const collector = createPortalMetrics();
  const accounts = countChangeOutcomes(new ScriptedAccounts(...outcomes), collector);
  const app = createApp({
    config: webTestConfig({ metrics }),
    accounts,
    logger: capturingLogger().logger,
    metrics: collector,
  });
  return app;
}

const scrape = (app: ReturnType<typeof createApp>, token = TOKEN) =>
  app.request(SCRAPE_URL, { headers: { authorization: `Bearer ${token}` } });

describe('metricsRoute()', () => {
  it('is off by default', async () => {
    const app = appWith({ enabled: false, bearerToken: null });
    expect((await app.request('/metrics')).status).toBe(404);
  });

  it('asks for the token when one is set, and serves Prometheus text under any host name', async () => {
    const app = appWith({ enabled: true, bearerToken: TOKEN });
    const anonymous = await app.request(SCRAPE_URL);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="passgate-metrics"');
    expect(await anonymous.json()).toMatchObject({ code: 'METRICS_TOKEN_REQUIRED' });
    expect((await scrape(app, `${TOKEN}x`)).status).toBe(401);

    const response = await scrape(app);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.text()).toContain('# TYPE passgate_http_request_duration_seconds histogram');
  });

  it('serves without a token only under the portal’s own host name (no reading through DNS rebinding)', async () => {
    const app = appWith({ enabled: true, bearerToken: null });
    expect((await app.request(new URL('/metrics', webTestConfig().publicUrl).href)).status).toBe(200);
    const rebound = await app.request('http://evil.example/metrics', {
      headers: { origin: 'http://evil.example' },
    });
    expect(rebound.status).toBe(421);
    expect((await app.request(SCRAPE_URL)).status).toBe(421);
  });

  it('labels requests by route pattern and status, never by the URL they carried', async () => {
    const app = appWith({ enabled: true, bearerToken: TOKEN });
    await app.request('/reset/confirm?token=secret-link-token-123');
    await app.request('/no/such/page-secret-456');
    await app.request('http://evil.example/change');
    const text = await (await scrape(app)).text();
    expect(text).toMatch(
      /passgate_http_request_duration_seconds_count\{method="GET",route="\/reset\/confirm",status="410"\} 1/,
    );
    expect(text).toMatch(
      /passgate_http_request_duration_seconds_count\{method="GET",route="\/\*",status="404"\} 1/,
    );
    expect(text).toMatch(
      /passgate_http_request_duration_seconds_count\{method="GET",route="\/\*",status="421"\} 1/,
    );
    expect(text).not.toContain('secret');
    expect(text).not.toContain('evil');
  });

  it('counts password changes by outcome, and refusals by their code', async () => {
    const refused: ChangeOutcome = {
      status: 'refused',
      refusals: [{ code: 'TOO_SHORT' }, { code: 'REUSED' }],
    };
    const app = appWith(
      { enabled: true, bearerToken: TOKEN },
      { status: 'applied', microsoft365: true, version: 1 },
      { status: 'queued', version: 1 },
      refused,
    );
    const session = await openForm(app);
    for (let i = 0; i < 3; i++) {
      await submitForm(app, session, {
        email: 'ada@example.org',
        currentPassword: 'Old-Password-2024!',
        newPassword: NEXT,
        confirmPassword: NEXT,
      });
    }
    const text = await (await scrape(app)).text();
    expect(text).toContain('passgate_password_changes_total{outcome="applied",code=""} 1');
    expect(text).toContain('passgate_password_changes_total{outcome="queued",code=""} 1');
    expect(text).toContain('passgate_password_changes_total{outcome="refused",code="TOO_SHORT"} 1');
    expect(text).not.toContain('ada@example.org');
  });

  it('keeps each app’s metrics apart: two apps in one process do not collide', async () => {
    const first = appWith({ enabled: true, bearerToken: TOKEN });
    const second = createApp({
      config: webTestConfig({ metrics: { enabled: true, bearerToken: TOKEN } }),
      accounts: new ScriptedAccounts(),
      logger: capturingLogger().logger,
    });
    await first.request('/change');
    const text = await (await scrape(second)).text();
    expect(text).not.toContain('route="/change"');
    expect(await (await scrape(first)).text()).toContain('route="/change"');
  });
});
