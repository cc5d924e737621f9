import { createM365Client } from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { captureLogger, rejectionOf, type SeededTenant, seedContoso } from './fixture.js';

/** Every string reachable from an error: message, stack, own properties and the cause chain. */
function everythingIn(error: unknown, depth = 0): string {
  if (depth > 8 || error === null || error === undefined) return '';
  if (typeof error !== 'object') return String(error);
  const parts: string[] = [String(error)];
  const e = error as { message?: unknown; stack?: unknown; cause?: unknown };
  parts.push(String(e.message ?? ''), String(e.stack ?? ''));
  for (const key of Object.getOwnPropertyNames(error)) {
    if (key === 'cause') continue;
    const value = (error as Record<string, unknown>)[key];
    try {
      parts.push(typeof value === 'string' ? value : (JSON.stringify(value) ?? ''));
    } catch {
      parts.push(String(value));
    }
  }
  parts.push(everythingIn(e.cause, depth + 1));
  return parts.join('\n');
}

describe('the password stays out of logs, errors and the request log', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('never shows a password, whether the write succeeds, is refused, throttled, fails or times out', async () => {
    const logger = captureLogger();
    const client = createM365Client({ ...tenant.config, timeoutMs: 2_000 }, { logger });
    const accepted = 'Secret-Accepted-7391!';
    const refused = 'secretrefused';
    const others = [
      'Secret-Throttled-5522!',
      'Secret-Failing-8834!',
      'Secret-Stalled-2210!',
      'Secret-Forbidden-4417!',
    ];
    const errors: unknown[] = [];
    try {
      await client.setPassword(tenant.aliceId, accepted);
      errors.push(await rejectionOf(client.setPassword(tenant.aliceId, refused)));

      emulator.setThrottle({ writes: 1, perMs: 60_000 });
      await client.setAccountEnabled(tenant.aliceId, true);
      errors.push(
        await rejectionOf(client.setPassword(tenant.aliceId, others[0] as string, { maxRetryWaitMs: 100 })),
      );
      emulator.setThrottle(null);

      emulator.injectFaults({ kind: 'status', status: 503, count: 3, retryAfterSeconds: 0 });
      errors.push(await rejectionOf(client.setPassword(tenant.aliceId, others[1] as string)));

      emulator.injectFaults({ kind: 'delay', ms: 30_000, count: 1 });
      errors.push(await rejectionOf(client.setPassword(tenant.aliceId, others[2] as string)));

      const { id: adminId } = emulator.addUser(tenant.tenantId, {
        userPrincipalName: 'boss@contoso.example',
        directoryRoles: ['Global Administrator'],
      });
      errors.push(await rejectionOf(client.setPassword(adminId, others[3] as string)));
    } finally {
      await client.close();
    }
    expect(errors.map((e) => (e as { code?: string }).code)).toEqual([
      'PASSWORD_REJECTED',
      'THROTTLED',
      'UNAVAILABLE',
      'UNAVAILABLE',
      'FORBIDDEN',
    ]);
    const haystacks = [
      ...errors.map((e) => everythingIn(e)),
      JSON.stringify(logger.entries),
      JSON.stringify(emulator.requests()),
    ];
    expect(logger.entries.length).toBeGreaterThan(0);
    for (const password of [accepted, refused, ...others]) {
      for (const haystack of haystacks) expect(haystack).not.toContain(password);
    }
  });
});
