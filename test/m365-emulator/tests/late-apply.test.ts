import { createM365Client, type M365Client } from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../../support/wait-until.js';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { type SeededTenant, seedContoso } from './fixture.js';
import { rawHttps } from './raw-https.js';

const FIRST = 'Granite-Lantern-41!';
const NEWER = 'Willow-Harbour-52?';

// The hazard a client timeout leaves (found in session 2): the caller gives up on a PATCH, Microsoft
// applies it anyway a moment later, and by then a newer password may already be set: the late one wins.
describe('the lateApply fault', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;
  let client: M365Client;

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
    client = createM365Client(tenant.config);
  });

  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it('applies a password PATCH after the caller gave up on it, over a newer one set meanwhile', async () => {
    await client.getUser('alice@contoso.example'); // the token first: the fault is for the PATCH
    // Held long enough that the newer PATCH below lands first even on a busy machine.
    emulator.injectFaults({ kind: 'lateApply', ms: 4_000, count: 1, pathPrefix: '/v1.0/users/' });
    const before = emulator.requests().length;
    const caller = new AbortController();
    const first = client
      .setPassword('alice@contoso.example', FIRST, { signal: caller.signal })
      .catch((error: unknown) => error);
    // The caller gives up once Microsoft has the request (as a timeout would): no answer comes back.
    await waitUntil(() =>
      emulator
        .requests()
        .slice(before)
        .some((r) => r.method === 'PATCH'),
    );
    caller.abort(new Error('gave up waiting'));
    expect(await first).toMatchObject({ message: 'gave up waiting' });
    expect(emulator.passwordHistory(tenant.tenantId, 'alice@contoso.example', [FIRST, NEWER])).toEqual([]);

    await client.setPassword('alice@contoso.example', NEWER);
    expect(emulator.verifyPassword(tenant.tenantId, 'alice@contoso.example', NEWER)).toBe(true);

    await waitUntil(
      () => emulator.passwordHistory(tenant.tenantId, 'alice@contoso.example', [FIRST, NEWER]).length === 2,
    );
    // The newer password was overwritten by the one the caller was told had failed.
    expect(emulator.passwordHistory(tenant.tenantId, 'alice@contoso.example', [FIRST, NEWER])).toEqual([
      1, 0,
    ]);
    expect(emulator.verifyPassword(tenant.tenantId, 'alice@contoso.example', FIRST)).toBe(true);
  });

  it('answers a caller still waiting, as an ordinary delay would', async () => {
    emulator.injectFaults({ kind: 'lateApply', ms: 100, count: 1, pathPrefix: '/v1.0/users/' });
    const patient = createM365Client({ ...tenant.config, timeoutMs: 5_000 });
    await patient.setPassword('alice@contoso.example', NEWER);
    await patient.close();
    expect(emulator.verifyPassword(tenant.tenantId, 'alice@contoso.example', NEWER)).toBe(true);
  });

  it('is accepted by the control API, and a bad one is refused with 400', async () => {
    const post = (body: unknown) =>
      rawHttps('POST', `${emulator.origin}/_emulator/api/faults`, emulator.caCertificatePem, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ kind: 'lateApply', ms: 2_000, count: 1 })).status).toBeLessThan(300);
    expect((await post({ kind: 'lateApply', ms: -1, count: 1 })).status).toBe(400);
    emulator.clearFaults();
  });
});
