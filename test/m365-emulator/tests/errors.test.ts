import { createM365Client, type M365Client, M365Error } from '@passgate/core/graph';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { rejectionOf, type SeededTenant, seedContoso } from './fixture.js';

async function codeOf(promise: Promise<unknown>): Promise<M365Error> {
  const error = await rejectionOf(promise);
  expect(error).toBeInstanceOf(M365Error);
  return error as M365Error;
}

describe('M365Error codes, each from its real condition in the emulator', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;
  let client: M365Client;

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
    client = createM365Client(tenant.config);
  });
  beforeEach(() => emulator.setThrottle(null));
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it.each([
    ['too short', 'Ab1!xyz'],
    ['only two kinds of character', 'lowercase-only-words'],
    ['a character Entra does not allow', 'Grüße-Sommer-2024'],
    ['banned terms scoring under 5 (Microsoft example)', 'C0ntos0Blank12'],
  ])('PASSWORD_REJECTED when Entra refuses the password: %s', async (_why, password) => {
    const error = await codeOf(client.setPassword('alice@contoso.example', password));
    expect(error).toMatchObject({ code: 'PASSWORD_REJECTED', status: 400, graphCode: 'Request_BadRequest' });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(error.clientRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.verifyPassword(tenant.tenantId, tenant.aliceId, 'Initial-Pass-2024!')).toBe(true);
  });

  it('accepts the password Microsoft cites as scoring 5', async () => {
    await client.setPassword('alice@contoso.example', 'ContoS0Bl@nkf9!');
    expect(emulator.verifyPassword(tenant.tenantId, tenant.aliceId, 'ContoS0Bl@nkf9!')).toBe(true);
  });

  it('USER_NOT_FOUND for writes to a user that does not exist', async () => {
    for (const call of [
      client.setPassword('ghost@contoso.example', 'Valid-Pass-123'),
      client.setAccountEnabled('ghost@contoso.example', false),
      client.revokeSessions('ghost@contoso.example'),
    ]) {
      const error = await codeOf(call);
      expect(error).toMatchObject({
        code: 'USER_NOT_FOUND',
        status: 404,
        graphCode: 'Request_ResourceNotFound',
      });
    }
  });

  it('FORBIDDEN when the app lacks the permission', async () => {
    const app = emulator.addApp(tenant.tenantId, { permissions: ['User.Read.All'] });
    const readOnly = createM365Client({
      ...tenant.config,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
    });
    try {
      const error = await codeOf(readOnly.setPassword('alice@contoso.example', 'Valid-Pass-123'));
      expect(error).toMatchObject({
        code: 'FORBIDDEN',
        status: 403,
        graphCode: 'Authorization_RequestDenied',
      });
      expect((await codeOf(readOnly.revokeSessions('alice@contoso.example'))).code).toBe('FORBIDDEN');
      expect((await codeOf(readOnly.setAccountEnabled('alice@contoso.example', false))).code).toBe(
        'FORBIDDEN',
      );
    } finally {
      await readOnly.close();
    }
  });

  it('FORBIDDEN for an admin account unless the app holds Privileged Authentication Administrator', async () => {
    const { id } = emulator.addUser(tenant.tenantId, {
      userPrincipalName: 'admin@contoso.example',
      directoryRoles: ['Global Administrator'],
    });
    const error = await codeOf(client.setPassword(id, 'Valid-Pass-123'));
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403 });

    const privileged = emulator.addApp(tenant.tenantId, {
      permissions: ['User-PasswordProfile.ReadWrite.All', 'User.Read.All'],
      directoryRoles: ['Privileged Authentication Administrator'],
    });
    const strong = createM365Client({
      ...tenant.config,
      clientId: privileged.clientId,
      clientSecret: privileged.clientSecret,
    });
    try {
      await strong.setPassword(id, 'Valid-Pass-123');
      expect(emulator.verifyPassword(tenant.tenantId, id, 'Valid-Pass-123')).toBe(true);
    } finally {
      await strong.close();
    }
  });

  it('FEDERATED_OR_SYNCED for a user synced from on-premises or in a federated domain', async () => {
    emulator.addUser(tenant.tenantId, {
      userPrincipalName: 'synced@contoso.example',
      onPremisesSyncEnabled: true,
    });
    emulator.addUser(tenant.tenantId, { userPrincipalName: 'fed@fed.contoso.example' });
    for (const upn of ['synced@contoso.example', 'fed@fed.contoso.example']) {
      const error = await codeOf(client.setPassword(upn, 'Valid-Pass-123'));
      expect(error).toMatchObject({ code: 'FEDERATED_OR_SYNCED', status: 400 });
    }
    expect((await codeOf(client.setAccountEnabled('synced@contoso.example', false))).code).toBe(
      'FEDERATED_OR_SYNCED',
    );
  });

  it('AUTH_FAILED for a wrong secret, an unknown client and an unknown tenant', async () => {
    const cases = [
      [{ ...tenant.config, clientSecret: 'not-the-secret' }, 'AADSTS7000215'],
      [{ ...tenant.config, clientId: '11111111-2222-3333-4444-555555555555' }, 'AADSTS700016'],
      [{ ...tenant.config, tenantId: '99999999-2222-3333-4444-555555555555' }, 'AADSTS90002'],
    ] as const;
    for (const [config, aadsts] of cases) {
      const bad = createM365Client(config);
      try {
        const error = await codeOf(bad.checkAccess());
        expect(error.code).toBe('AUTH_FAILED');
        expect(error.message).toContain(aadsts);
      } finally {
        await bad.close();
      }
    }
  });

  it('THROTTLED with retryAfterMs when Microsoft asks to wait longer than the caller allows', async () => {
    emulator.setThrottle({ writes: 1, perMs: 60_000 });
    await client.revokeSessions(tenant.aliceId);
    const before = emulator.requests().length;
    const error = await codeOf(client.revokeSessions(tenant.aliceId, { maxRetryWaitMs: 1_000 }));
    expect(error).toMatchObject({
      code: 'THROTTLED',
      status: 429,
      graphCode: 'Request_ThrottledTemporarily',
    });
    expect(error.retryAfterMs).toBe(60_000);
    expect(
      emulator
        .requests()
        .slice(before)
        .filter((r) => r.status === 429),
    ).toHaveLength(1);
  });

  it('UNAVAILABLE after 5xx answers outlast the retries, and when the connection drops', async () => {
    await client.getUser(tenant.aliceId); // token in cache, so the faults hit Graph
    emulator.injectFaults({ kind: 'status', status: 503, count: 3, retryAfterSeconds: 0 });
    const error = await codeOf(client.getUser(tenant.aliceId, { maxRetries: 2 }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 503 });

    emulator.injectFaults({ kind: 'status', status: 500, count: 1 });
    expect(await codeOf(client.getUser(tenant.aliceId))).toMatchObject({ code: 'UNAVAILABLE', status: 500 });

    emulator.injectFaults({ kind: 'drop', count: 3 });
    const dropped = await codeOf(client.getUser(tenant.aliceId, { maxRetries: 2 }));
    expect(dropped.code).toBe('UNAVAILABLE');
    expect(dropped.status).toBeUndefined();
  });

  it('sends a read again when its connection drops, but never a password write', async () => {
    await client.getUser(tenant.aliceId);
    emulator.injectFaults({ kind: 'drop', count: 1 });
    expect(await client.getUser(tenant.aliceId)).toMatchObject({ id: tenant.aliceId });

    emulator.injectFaults({ kind: 'drop', count: 1 });
    const before = emulator.requests().length;
    const write = await codeOf(client.setPassword(tenant.aliceId, 'Harbour-Lantern-Retry-73!'));
    expect(write.code).toBe('UNAVAILABLE');
    const patches = emulator
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
  });

  it('answers normally again once the waiting faults are cleared', async () => {
    await client.getUser(tenant.aliceId);
    emulator.injectFaults({ kind: 'status', status: 500, count: 5 });
    emulator.clearFaults();
    expect(await client.getUser(tenant.aliceId)).toMatchObject({ id: tenant.aliceId });
  });

  it('UNAVAILABLE at once, with retryAfterMs, when a 503 asks for a longer wait than allowed', async () => {
    await client.getUser(tenant.aliceId);
    emulator.injectFaults({ kind: 'status', status: 503, count: 1, retryAfterSeconds: 120 });
    const before = emulator.requests().length;
    const error = await codeOf(client.getUser(tenant.aliceId, { maxRetryWaitMs: 1_000 }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 503, retryAfterMs: 120_000 });
    expect(emulator.requests().slice(before)).toHaveLength(1);
  });

  it('UNEXPECTED for a Graph error the client does not recognise', async () => {
    await client.getUser(tenant.aliceId);
    emulator.injectFaults({
      kind: 'graphError',
      status: 409,
      code: 'Request_MultipleObjectsWithSameKeyValue',
      count: 1,
    });
    const error = await codeOf(client.setAccountEnabled(tenant.aliceId, true));
    expect(error).toMatchObject({
      code: 'UNEXPECTED',
      status: 409,
      graphCode: 'Request_MultipleObjectsWithSameKeyValue',
    });
  });
});
