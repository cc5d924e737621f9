import { createM365Client, type M365Client } from '@passgate/core/graph';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmulatorRequest, type M365Emulator, startM365Emulator } from '../src/index.js';
import { rejectionOf, type SeededTenant, seedContoso } from './fixture.js';

function graphRequestsSince(emulator: M365Emulator, before: number): EmulatorRequest[] {
  return emulator
    .requests()
    .slice(before)
    .filter((r) => r.path.startsWith('/v1.0/'));
}

describe('M365Client retries', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;
  let client: M365Client;

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
    client = createM365Client(tenant.config);
    await client.checkAccess(); // the token is cached: what follows only reaches Graph
  });
  beforeEach(() => emulator.setThrottle(null));
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it('waits for the throttle bucket Retry-After before retrying, then succeeds', async () => {
    emulator.setThrottle({ writes: 1, perMs: 2_000 });
    await client.setAccountEnabled(tenant.aliceId, true);
    const before = emulator.requests().length;
    await client.setAccountEnabled(tenant.aliceId, true);
    const [throttled, retried] = graphRequestsSince(emulator, before);
    expect(throttled?.status).toBe(429);
    expect(retried?.status).toBe(204);
    expect(retried?.clientRequestId).toBe(throttled?.clientRequestId);
    // Retry-After was 2 seconds: the retry must come no sooner.
    expect((retried?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(2_000);
  });

  it('honours Retry-After on 503 too', async () => {
    emulator.injectFaults({ kind: 'status', status: 503, count: 1, retryAfterSeconds: 1 });
    const before = emulator.requests().length;
    await client.getUser(tenant.aliceId);
    const [failed, retried] = graphRequestsSince(emulator, before);
    expect([failed?.status, retried?.status]).toEqual([503, 200]);
    expect((retried?.at ?? 0) - (failed?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('backs off exponentially when a 504 carries no Retry-After', async () => {
    emulator.injectFaults({ kind: 'status', status: 504, count: 2 });
    const before = emulator.requests().length;
    await client.getUser(tenant.aliceId);
    const [a, b, c] = graphRequestsSince(emulator, before);
    expect([a?.status, b?.status, c?.status]).toEqual([504, 504, 200]);
    // First wait is 250-500 ms, the second 500-1000 ms (jittered in the upper half).
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(250);
    expect((c?.at ?? 0) - (b?.at ?? 0)).toBeGreaterThanOrEqual(500);
  });

  it('never sends a write again after a 504: Microsoft may still carry it out, and the queue decides', async () => {
    emulator.injectFaults({ kind: 'status', status: 504, count: 1 });
    const before = emulator.requests().length;
    const error = await rejectionOf(client.setPassword(tenant.aliceId, 'Harbour-Lantern-73!x'));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 504 });
    const patches = graphRequestsSince(emulator, before).filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([504]);
  });

  it('gives up with no Retry-After of its own making when Microsoft named none', async () => {
    emulator.injectFaults({ kind: 'status', status: 503, count: 3 });
    const unnamed = await rejectionOf(client.getUser(tenant.aliceId));
    expect(unnamed).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    expect((unnamed as { retryAfterMs?: number }).retryAfterMs).toBeUndefined();
    emulator.injectFaults({ kind: 'status', status: 503, count: 3, retryAfterSeconds: 0 });
    const named = await rejectionOf(client.getUser(tenant.aliceId));
    expect(named).toMatchObject({ code: 'UNAVAILABLE', status: 503, retryAfterMs: 0 });
  });

  it('stops waiting for a retry as soon as the caller aborts', async () => {
    emulator.injectFaults({ kind: 'status', status: 503, count: 1, retryAfterSeconds: 30 });
    const controller = new AbortController();
    const pending = rejectionOf(client.getUser(tenant.aliceId, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    const error = await pending;
    expect(error).toMatchObject({ name: 'AbortError' });
  });

  it('never retries a 4xx refusal', async () => {
    const before = emulator.requests().length;
    await rejectionOf(client.setPassword(tenant.aliceId, 'weak'));
    const patches = graphRequestsSince(emulator, before).filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([400]);
  });

  it('does not retry at all with maxRetries 0, and does not retry 500', async () => {
    emulator.injectFaults({ kind: 'status', status: 503, count: 1, retryAfterSeconds: 0 });
    let before = emulator.requests().length;
    await rejectionOf(client.getUser(tenant.aliceId, { maxRetries: 0 }));
    expect(graphRequestsSince(emulator, before)).toHaveLength(1);
    emulator.injectFaults({ kind: 'status', status: 500, count: 1 });
    before = emulator.requests().length;
    await rejectionOf(client.getUser(tenant.aliceId));
    expect(graphRequestsSince(emulator, before)).toHaveLength(1);
  });
});
