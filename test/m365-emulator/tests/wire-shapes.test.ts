import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { type SeededTenant, seedContoso } from './fixture.js';
import { form, rawHttps } from './raw-https.js';

describe('the emulator on the wire', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;
  let token: string;

  async function tokenRequest(values: Record<string, string>) {
    return rawHttps(
      'POST',
      `${emulator.origin}/${tenant.tenantId}/oauth2/v2.0/token`,
      emulator.caCertificatePem,
      form(values),
    );
  }
  function graph(path: string, headers: Record<string, string> = {}) {
    return rawHttps('GET', `${emulator.origin}/v1.0${path}`, emulator.caCertificatePem, {
      headers: { authorization: `Bearer ${token}`, ...headers },
    });
  }

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      scope: `${emulator.origin}/.default`,
    });
    token = (response.json as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('answers a wrong secret with invalid_client and AADSTS7000215, as Entra does', async () => {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: 'wrong',
      scope: `${emulator.origin}/.default`,
    });
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({
      error: 'invalid_client',
      error_codes: [7000215],
      error_description: expect.stringMatching(/^AADSTS7000215: .*Trace ID: .*Correlation ID: .*Timestamp: /),
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
    });
  });

  it('refuses a scope without /.default (AADSTS1002012)', async () => {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      scope: 'User.Read.All',
    });
    expect(response).toMatchObject({ status: 400, json: { error: 'invalid_scope', error_codes: [1002012] } });
  });

  it('refuses a token for a resource other than its Graph (AADSTS500011)', async () => {
    const response = await tokenRequest({
      grant_type: 'client_credentials',
      client_id: tenant.clientId,
      client_secret: tenant.clientSecret,
      scope: 'https://graph.microsoft.com/.default',
    });
    expect(response).toMatchObject({
      status: 400,
      json: { error: 'invalid_resource', error_codes: [500011] },
    });
  });

  it('answers instance discovery with its own host as the only alias', async () => {
    const response = await rawHttps(
      'GET',
      `${emulator.origin}/common/discovery/instance?api-version=1.1`,
      emulator.caCertificatePem,
    );
    const host = new URL(emulator.origin).host;
    expect(response.json).toMatchObject({ metadata: [{ preferred_network: host, aliases: [host] }] });
  });

  it('serves openid-configuration for the tenant and 400 AADSTS90002 for an unknown one', async () => {
    const ok = await rawHttps(
      'GET',
      `${emulator.origin}/${tenant.tenantId}/v2.0/.well-known/openid-configuration`,
      emulator.caCertificatePem,
    );
    expect(ok.json).toMatchObject({
      token_endpoint: `${emulator.origin}/${tenant.tenantId}/oauth2/v2.0/token`,
    });
    const unknown = await rawHttps(
      'GET',
      `${emulator.origin}/nope.example/v2.0/.well-known/openid-configuration`,
      emulator.caCertificatePem,
    );
    expect(unknown).toMatchObject({ status: 400, json: { error_codes: [90002] } });
  });

  it('returns accountEnabled and lastPasswordChangeDateTime only when $select-ed', async () => {
    const plain = await graph('/users/alice@contoso.example');
    expect(plain.json).toHaveProperty('userPrincipalName', 'alice@contoso.example');
    expect(plain.json).not.toHaveProperty('accountEnabled');
    expect(plain.json).not.toHaveProperty('lastPasswordChangeDateTime');
    const selected = await graph(
      '/users/alice@contoso.example?$select=id,accountEnabled,lastPasswordChangeDateTime',
    );
    expect(Object.keys(selected.json as object).sort()).toEqual([
      '@odata.context',
      'accountEnabled',
      'id',
      'lastPasswordChangeDateTime',
    ]);
  });

  it('answers Graph errors with code, message and innerError ids', async () => {
    const response = await graph('/users/nobody@contoso.example', { 'client-request-id': 'my-id' });
    expect(response.status).toBe(404);
    expect(response.headers['request-id']).toEqual(expect.any(String));
    expect(response.json).toMatchObject({
      error: {
        code: 'Request_ResourceNotFound',
        message: expect.any(String),
        innerError: {
          'request-id': response.headers['request-id'],
          'client-request-id': 'my-id',
          date: expect.any(String),
        },
      },
    });
  });

  it('requires ConsistencyLevel: eventual and $count=true for endswith(), as Graph does', async () => {
    const filter = encodeURIComponent("endswith(userPrincipalName,'@contoso.example')");
    const refused = await graph(`/users?$filter=${filter}`);
    expect(refused).toMatchObject({ status: 400, json: { error: { code: 'Request_UnsupportedQuery' } } });
    const ok = await graph(`/users?$filter=${filter}&$count=true&$top=1`, { ConsistencyLevel: 'eventual' });
    expect(ok.json).toMatchObject({
      '@odata.count': 1,
      value: [{ userPrincipalName: 'alice@contoso.example' }],
    });
    expect(ok.json).not.toHaveProperty('@odata.nextLink');
  });

  it('refuses an expired token with 401 InvalidAuthenticationToken', async () => {
    emulator.advanceClock(3600_000);
    const response = await graph('/users/alice@contoso.example');
    expect(response).toMatchObject({ status: 401, json: { error: { code: 'InvalidAuthenticationToken' } } });
  });
});
