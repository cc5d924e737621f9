import { createM365Client } from '@passgate/core/graph';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { type SeededTenant, seedContoso } from './fixture.js';

describe('M365Client tokens', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;

  beforeEach(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await emulator.close();
  });

  it('asks for one token for many calls, after one openid-configuration read and no instance discovery', async () => {
    const client = createM365Client(tenant.config);
    try {
      await client.getUser(tenant.aliceId);
      await client.setAccountEnabled(tenant.aliceId, true);
      await client.revokeSessions(tenant.aliceId);
      await client.checkAccess();
      await client.getUser('alice@contoso.example');
    } finally {
      await client.close();
    }
    const log = emulator.requests();
    const entra = log.filter((r) => !r.path.startsWith('/v1.0/'));
    expect(entra.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual([
      `GET /${tenant.tenantId}/v2.0/.well-known/openid-configuration`,
      `POST /${tenant.tenantId}/oauth2/v2.0/token`,
    ]);
    expect(entra[1]?.body).toMatchObject({
      grant_type: 'client_credentials',
      client_secret: '[REDACTED]',
      scope: `${emulator.cloud.graphBaseUrl}/.default`,
    });
    expect(log.filter((r) => r.path.startsWith('/v1.0/'))).toHaveLength(5);
  });

  it('makes one token request for a burst of parallel calls on a cold cache', async () => {
    const client = createM365Client(tenant.config);
    try {
      const users = await Promise.all(Array.from({ length: 8 }, () => client.getUser(tenant.aliceId)));
      expect(users.every((u) => u?.id === tenant.aliceId)).toBe(true);
    } finally {
      await client.close();
    }
    expect(emulator.requests().filter((r) => r.path.includes('/oauth2/v2.0/token'))).toHaveLength(1);
  });

  it('gets a new token once the old one has expired', async () => {
    const client = createM365Client(tenant.config);
    try {
      await client.getUser(tenant.aliceId);
      emulator.advanceClock(2 * 3600_000);
      expect(await client.getUser(tenant.aliceId)).not.toBeNull();
    } finally {
      await client.close();
    }
    const log = emulator.requests();
    expect(log.filter((r) => r.path.includes('/oauth2/v2.0/token'))).toHaveLength(2);
    // The expired token was refused once, then the call went through with the new one.
    expect(log.filter((r) => r.path.startsWith('/v1.0/')).map((r) => r.status)).toEqual([200, 401, 200]);
  });

  it('renews the token before it expires when the clock moves on, without a refused call', async () => {
    vi.useFakeTimers({ toFake: ['Date'] }); // both MSAL's cache and the emulator read Date
    const client = createM365Client(tenant.config);
    try {
      await client.getUser(tenant.aliceId);
      vi.setSystemTime(Date.now() + 3600_000 - 60_000); // inside MSAL's 5-minute renewal window
      await client.getUser(tenant.aliceId);
    } finally {
      await client.close();
    }
    const log = emulator.requests();
    expect(log.filter((r) => r.path.includes('/oauth2/v2.0/token'))).toHaveLength(2);
    expect(log.filter((r) => r.path.startsWith('/v1.0/')).map((r) => r.status)).toEqual([200, 200]);
  });
});
