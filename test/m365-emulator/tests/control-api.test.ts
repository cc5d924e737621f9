import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { form, rawHttps } from './raw-https.js';

describe('the /_emulator/ control API and status page', () => {
  let emulator: M365Emulator;
  const json = (method: string, path: string, body?: unknown) =>
    rawHttps(method, `${emulator.origin}/_emulator/api/${path}`, emulator.caCertificatePem, {
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    emulator = await startM365Emulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('creates a tenant, an app and a user, and verifies the password as a sign-in would', async () => {
    const tenant = await json('POST', 'tenants', {
      name: 'Fabrikam',
      domains: [{ name: 'fabrikam.example' }],
    });
    expect(tenant.status).toBe(201);
    const tenantId = (tenant.json as { id: string }).id;
    const app = await json('POST', `tenants/${tenantId}/apps`, { permissions: ['User.Read.All'] });
    expect(app.json).toMatchObject({ clientId: expect.any(String), clientSecret: expect.any(String) });
    await json('POST', `tenants/${tenantId}/users`, {
      userPrincipalName: 'eve@fabrikam.example',
      password: 'Garden-Path-31!',
    });
    const yes = await json('POST', `tenants/${tenantId}/users/eve@fabrikam.example/verify-password`, {
      password: 'Garden-Path-31!',
    });
    expect(yes.json).toEqual({ matches: true, accountEnabled: true });
    const no = await json('POST', `tenants/${tenantId}/users/eve@fabrikam.example/verify-password`, {
      password: 'nope',
    });
    expect(no.json).toEqual({ matches: false, accountEnabled: true });
    const history = await json('POST', `tenants/${tenantId}/users/eve@fabrikam.example/password-history`, {
      candidates: ['Garden-Path-31!'],
    });
    expect(history.json).toEqual({ writes: [] });
    const view = await json('GET', `tenants/${tenantId}/users/eve@fabrikam.example`);
    expect(view.json).toMatchObject({ userPrincipalName: 'eve@fabrikam.example', passwordWrites: 0 });
    expect(view.text).not.toContain('Garden-Path-31!');
  });

  it('refuses a malformed control request with a message naming the field', async () => {
    const response = await json('POST', 'tenants', { name: 'x' });
    expect(response.status).toBe(400);
    expect(response.text).toContain('domains');
  });

  it('sets throttling, faults and the clock over HTTP', async () => {
    expect((await json('PUT', 'throttle', { writes: 10, perMs: 1000 })).status).toBe(200);
    expect((await json('PUT', 'throttle', null)).status).toBe(200);
    expect((await json('POST', 'faults', { kind: 'drop', count: 1 })).status).toBe(200);
    expect((await json('POST', 'faults', { kind: 'teleport', count: 1 })).status).toBe(400);
    expect((await json('DELETE', 'faults')).status).toBe(200);
    expect((await json('POST', 'clock', { advanceMs: 1000 })).status).toBe(200);
  });

  it('shows tenants and users on the status page, and checks a password through its form', async () => {
    const { id } = emulator.addTenant({ name: 'Northwind', domains: [{ name: 'northwind.example' }] });
    emulator.addUser(id, { userPrincipalName: 'nina@northwind.example', password: 'Blue-Lantern-88!' });
    const page = await rawHttps('GET', `${emulator.origin}/_emulator/`, emulator.caCertificatePem);
    expect(page.text).toContain('test double');
    expect(page.text).toContain('nina@northwind.example');
    expect(page.text).not.toContain('Blue-Lantern-88!');
    const check = (password: string) =>
      rawHttps(
        'POST',
        `${emulator.origin}/_emulator/check-password`,
        emulator.caCertificatePem,
        form({ tenantId: id, user: 'nina@northwind.example', password }),
      );
    expect((await check('Blue-Lantern-88!')).text).toContain('Yes: that is the current password');
    expect((await check('Red-Lantern-88!')).text).toContain('No: that is not the current password');
  });
});
