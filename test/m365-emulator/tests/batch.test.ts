import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { type GraphSession, graphSession } from './graph-session.js';

interface BatchAnswer {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe('POST /v1.0/$batch (JSON batching)', () => {
  let emulator: M365Emulator;
  let tenantId: string;
  let writer: GraphSession;
  let reader: GraphSession;
  const upns = ['ann', 'ben', 'cat', 'dan', 'eve'].map((name) => `${name}@contoso.example`);

  function disableExpiry(upn: string, id = upn): Record<string, unknown> {
    return {
      id,
      method: 'PATCH',
      url: `/users/${upn}`,
      headers: JSON_HEADERS,
      body: { passwordPolicies: 'DisablePasswordExpiration' },
    };
  }
  async function batch(session: GraphSession, requests: unknown[]) {
    const response = await session.call('POST', '/$batch', { body: { requests } });
    return { ...response, answers: (response.json as { responses?: BatchAnswer[] }).responses ?? [] };
  }

  beforeAll(async () => {
    emulator = await startM365Emulator();
    ({ id: tenantId } = emulator.addTenant({ name: 'Contoso', domains: [{ name: 'contoso.example' }] }));
    for (const upn of upns)
      emulator.addUser(tenantId, { userPrincipalName: upn, passwordPolicies: 'DisableStrongPassword' });
    writer = await graphSession(
      emulator,
      tenantId,
      emulator.addApp(tenantId, {
        permissions: ['User.ReadWrite.All', 'User-PasswordProfile.ReadWrite.All'],
      }),
    );
    reader = await graphSession(
      emulator,
      tenantId,
      emulator.addApp(tenantId, { permissions: ['User.Read.All'] }),
    );
  });
  afterEach(() => {
    emulator.setThrottle(null);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('answers each request with its own status and body, applying each as if sent alone', async () => {
    const { status, answers } = await batch(writer, [
      disableExpiry(upns[0] ?? '', '1'),
      { id: '2', method: 'GET', url: `/users/${upns[0]}?$select=userPrincipalName,passwordPolicies` },
      { id: '3', method: 'GET', url: 'users/nobody@contoso.example' },
    ]);
    expect(status).toBe(200);
    expect(answers.map((a) => [a.id, a.status])).toEqual([
      ['1', 204],
      ['2', 200],
      ['3', 404],
    ]);
    expect(answers[1]?.body).toMatchObject({
      userPrincipalName: upns[0],
      passwordPolicies: 'DisablePasswordExpiration',
    });
    expect(answers[2]?.body).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
    expect(answers[1]?.headers['Content-Type']).toMatch(/^application\/json/);
    // Each request is logged on its own, marked as part of the batch.
    const log = emulator.requests();
    const envelope = log.findLast((r) => r.path === '/v1.0/$batch');
    expect(envelope?.status).toBe(200);
    expect(log.slice(-3).map((r) => [r.method, r.path, r.status, r.batch?.id])).toEqual([
      ['PATCH', `/v1.0/users/${upns[0]}`, 204, '1'],
      ['GET', `/v1.0/users/${upns[0]}?$select=userPrincipalName,passwordPolicies`, 200, '2'],
      ['GET', '/v1.0/users/nobody@contoso.example', 404, '3'],
    ]);
    expect(new Set(log.slice(-3).map((r) => r.batch?.requestId)).size).toBe(1);
    expect(log.at(-4)).toMatchObject({ method: 'POST', path: '/v1.0/$batch' });
    expect(log.at(-4)?.batch).toBeUndefined();
  });

  it("runs every request with the batch's token: an app without the permission gets 403 inside", async () => {
    const { status, answers } = await batch(reader, [disableExpiry(upns[1] ?? '')]);
    expect(status).toBe(200);
    expect(answers[0]).toMatchObject({
      status: 403,
      body: { error: { code: 'Authorization_RequestDenied' } },
    });
    expect(emulator.getUser(tenantId, upns[1] ?? '')?.passwordPolicies).toBe('DisableStrongPassword');
  });

  it('counts each request toward the write throttle; a throttled one answers 429 with its own Retry-After', async () => {
    emulator.setThrottle({ writes: 2, perMs: 60_000 });
    const { status, answers } = await batch(
      writer,
      upns.slice(1).map((upn) => disableExpiry(upn)),
    );
    expect(status).toBe(200);
    expect(answers.map((a) => a.status)).toEqual([204, 204, 429, 429]);
    expect(answers[2]).toMatchObject({
      headers: { 'Retry-After': expect.stringMatching(/^\d+$/) },
      body: { error: { code: 'Request_ThrottledTemporarily' } },
    });
    expect(Number(answers[2]?.headers['Retry-After'])).toBeGreaterThanOrEqual(1);
    expect(upns.slice(1).map((upn) => emulator.getUser(tenantId, upn)?.passwordPolicies)).toEqual([
      'DisablePasswordExpiration',
      'DisablePasswordExpiration',
      'DisableStrongPassword',
      'DisableStrongPassword',
    ]);
  });

  it('refuses more than 20 requests, and malformed batches, with 400 and applies none of them', async () => {
    const many = Array.from({ length: 21 }, (_, i) => disableExpiry(upns[4] ?? '', String(i)));
    const tooMany = await batch(writer, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.json).toMatchObject({
      error: { code: 'BadRequest', message: expect.stringContaining('20') },
    });
    const noContentType = await batch(writer, [
      { id: '1', method: 'PATCH', url: `/users/${upns[4]}`, body: {} },
    ]);
    expect(noContentType.status).toBe(400);
    const duplicate = await batch(writer, [
      disableExpiry(upns[4] ?? '', 'x'),
      disableExpiry(upns[4] ?? '', 'x'),
    ]);
    expect(duplicate.status).toBe(400);
    const notJson = await writer.call('POST', '/$batch', { body: { requests: 'all of them' } });
    expect(notJson.status).toBe(400);
    expect(emulator.getUser(tenantId, upns[4] ?? '')?.passwordPolicies).toBe('DisableStrongPassword');
  });

  it('answers a nested batch or an absolute URL inside a batch with 400 for that request only', async () => {
    const { status, answers } = await batch(writer, [
      { id: 'a', method: 'POST', url: '/$batch', headers: JSON_HEADERS, body: { requests: [] } },
      { id: 'b', method: 'GET', url: 'https://graph.microsoft.com/v1.0/users' },
      { id: 'c', method: 'GET', url: '/users?$top=1&$select=id' },
    ]);
    expect(status).toBe(200);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 200]);
  });

  it('keeps passwords in batched requests out of the request log', async () => {
    const secret = 'Batch-Harbour-42!';
    const { answers } = await batch(writer, [
      {
        id: '1',
        method: 'PATCH',
        url: `/users/${upns[0]}`,
        headers: JSON_HEADERS,
        body: { passwordProfile: { password: secret, forceChangePasswordNextSignIn: false } },
      },
    ]);
    expect(answers[0]?.status).toBe(204);
    expect(emulator.verifyPassword(tenantId, upns[0] ?? '', secret)).toBe(true);
    expect(JSON.stringify(emulator.requests())).not.toContain(secret);
  });
});
