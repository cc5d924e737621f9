import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { capturingLogger, ScriptedAccounts, webTestConfig } from '../../test-support/web-test-kit.js';
import { createApp } from '../app.js';
import { HEARTBEAT_LIMITS, heartbeatSink } from '../extension-coverage/heartbeat-sink.js';
import { openStore, type Store } from '../store/open-store.js';

function heartbeat(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    installId: randomUUID(),
    extensionVersion: '0.2.0',
    browser: 'chrome',
    browserVersion: '156.0',
    platform: 'windows',
    managed: true,
    policyApplied: true,
    redirects: { change: 0, reset: 0, expired: 0, extra: 0 },
    ...overrides,
  };
}

describe('heartbeatRoute()', () => {
  let store: Store;
  let app: Hono;

  beforeEach(async () => {
    store = await openStore(':memory:');
    const { logger } = capturingLogger();
    app = createApp({
      config: webTestConfig(),
      accounts: new ScriptedAccounts(),
      logger,
      heartbeats: heartbeatSink(store.db),
    });
  });
  afterEach(() => store.close());

  async function send(body: unknown, origin?: string): Promise<Response> {
    return app.request('/extension/heartbeat', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', ...(origin === undefined ? {} : { origin }) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  async function tables(): Promise<unknown> {
    return {
      counters: await store.db.selectFrom('counters').selectAll().orderBy('key').execute(),
      installs: await store.db.selectFrom('extension_installs').selectAll().orderBy('install_id').execute(),
    };
  }

  async function expectRefusedUnchanged(body: unknown, origin: string | undefined, code: string) {
    const before = await tables();
    const response = await send(body, origin);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(((await response.json()) as { code: string }).code).toBe(code);
    expect(await tables()).toEqual(before);
  }

  it.each([
    ['from a web page', heartbeat(), 'https://evil.example', 'HEARTBEAT_FOREIGN_ORIGIN'],
    ['from an unmanaged install', heartbeat({ managed: false }), undefined, 'HEARTBEAT_UNMANAGED'],
    ['that is not a heartbeat', heartbeat({ browser: 'safari' }), undefined, 'HEARTBEAT_INVALID'],
    ['that is not JSON', 'installId=1', undefined, 'HEARTBEAT_INVALID'],
    ['that is too big', heartbeat({ pad: 'x'.repeat(4096) }), undefined, 'HEARTBEAT_INVALID'],
  ])('refuses a heartbeat %s and changes nothing in the database', async (_what, body, origin, code) => {
    expect((await send(heartbeat())).status).toBe(204);
    await expectRefusedUnchanged(body, origin, code);
  });

  // Before, the install's own counter row was made before the address's window refused it: every
  // invented id left a row, past the limit meant to keep a script from filling the disk.
  it('refuses a new install past its address’s hourly number and changes nothing in the database', async () => {
    for (let i = 0; i < HEARTBEAT_LIMITS.newPerAddress.max; i += 1)
      expect((await send(heartbeat())).status).toBe(204);
    await expectRefusedUnchanged(heartbeat(), undefined, 'HEARTBEAT_RATE_LIMITED');
  });

  it('refuses an install past its own hourly number and changes nothing in the database', async () => {
    const beat = heartbeat();
    for (let i = 0; i < HEARTBEAT_LIMITS.perInstall.max; i += 1) expect((await send(beat)).status).toBe(204);
    await expectRefusedUnchanged(
      { ...beat, redirects: { change: 9, reset: 0, expired: 0, extra: 0 } },
      undefined,
      'HEARTBEAT_RATE_LIMITED',
    );
  });
});
