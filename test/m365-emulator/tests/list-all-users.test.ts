import { createM365Client, type M365Client, M365Error, type M365User } from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmulatorRequest, type M365Emulator, startM365Emulator } from '../src/index.js';
import { rawHttps } from './raw-https.js';

async function collect(users: AsyncIterable<M365User>): Promise<M365User[]> {
  const seen: M365User[] = [];
  for await (const user of users) seen.push(user);
  return seen;
}

function listRequests(emulator: M365Emulator, before: number): EmulatorRequest[] {
  return emulator
    .requests()
    .slice(before)
    .filter((r) => r.path.startsWith('/v1.0/users?'));
}

describe('M365Client.listAllUsers() against the emulator', () => {
  let emulator: M365Emulator;
  let elsewhere: M365Emulator;
  let client: M365Client;
  let tenantId: string;
  const MEMBERS = 2_100;

  beforeAll(async () => {
    [emulator, elsewhere] = await Promise.all([startM365Emulator(), startM365Emulator()]);
    ({ id: tenantId } = emulator.addTenant({
      name: 'Contoso',
      domains: [{ name: 'contoso.example' }, { name: 'contoso.onmicrosoft.com' }],
    }));
    const app = emulator.addApp(tenantId, { permissions: ['User.Read.All'] });
    for (let i = 0; i < MEMBERS; i++)
      emulator.addUser(tenantId, {
        userPrincipalName: `user${i}@contoso.example`,
        accountEnabled: i % 3 !== 0,
      });
    emulator.addUser(tenantId, {
      userPrincipalName: 'synced@contoso.example',
      onPremisesSyncEnabled: true,
      passwordPolicies: 'DisablePasswordExpiration',
    });
    emulator.addUser(tenantId, { userPrincipalName: 'old@contoso.example', userType: null });
    // A guest added through the control API, as a test or the demo would.
    const added = await rawHttps(
      'POST',
      `${emulator.origin}/_emulator/api/tenants/${tenantId}/users`,
      emulator.caCertificatePem,
      {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          userPrincipalName: 'ann_fabrikam.example#EXT#@contoso.onmicrosoft.com',
          mail: 'ann@fabrikam.example',
        }),
      },
    );
    expect(added.status).toBe(201);
    client = createM365Client({
      tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret ?? '',
      cloud: emulator.cloud,
      caCertificates: `${emulator.caCertificatePem}\n${elsewhere.caCertificatePem}`,
      timeoutMs: 5_000,
    });
    await client.checkAccess(); // the token is cached: what follows only reaches Graph
  });
  afterAll(async () => {
    await client.close();
    await Promise.all([emulator.close(), elsewhere.close()]);
  });

  it('reads every user in pages of 999, selecting only what import and drift need', async () => {
    const before = emulator.requests().length;
    const users = await collect(client.listAllUsers());
    expect(users).toHaveLength(MEMBERS + 3);
    const pages = listRequests(emulator, before);
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200]);
    const first = new URL(pages[0]?.path ?? '', emulator.origin).searchParams;
    expect(first.get('$top')).toBe('999');
    expect(first.get('$select')?.split(',').sort()).toEqual(
      [
        'accountEnabled',
        'displayName',
        'id',
        'lastPasswordChangeDateTime',
        'mail',
        'onPremisesSyncEnabled',
        'passwordPolicies',
        'userPrincipalName',
        'userType',
      ].sort(),
    );
    // The later pages are the nextLinks as Graph gave them.
    expect(pages.slice(1).every((p) => /^\/v1\.0\/users\?\$skiptoken=/.test(p.path))).toBe(true);
    expect(new Set(users.map((u) => u.id)).size).toBe(users.length);
    expect(users.filter((u) => u.userPrincipalName.startsWith('user') && !u.accountEnabled)).toHaveLength(
      700,
    );
    expect(users.find((u) => u.userPrincipalName.includes('#ext#'))).toMatchObject({
      userType: 'Guest',
      mail: 'ann@fabrikam.example',
    });
    expect(users.find((u) => u.userPrincipalName === 'synced@contoso.example')).toMatchObject({
      userType: 'Member',
      onPremisesSyncEnabled: true,
      passwordPolicies: 'DisablePasswordExpiration',
    });
    expect(users.find((u) => u.userPrincipalName === 'old@contoso.example')?.userType).toBeNull();
  });

  it('waits out a 429 with Retry-After on a page, then goes on where it was', async () => {
    // Through the control API, as the demo or another process would.
    const injected = await rawHttps(
      'POST',
      `${emulator.origin}/_emulator/api/faults`,
      emulator.caCertificatePem,
      {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'status',
          status: 429,
          retryAfterSeconds: 1,
          count: 1,
          pathPrefix: '/v1.0/users',
        }),
      },
    );
    expect(injected.status).toBe(200);
    const before = emulator.requests().length;
    const users = await collect(client.listAllUsers());
    expect(new Set(users.map((u) => u.id)).size).toBe(MEMBERS + 3);
    const [throttled, retried, ...rest] = listRequests(emulator, before);
    expect([throttled?.status, retried?.status, ...rest.map((r) => r.status)]).toEqual([429, 200, 200, 200]);
    expect(retried?.path).toBe(throttled?.path);
    expect((retried?.at ?? 0) - (throttled?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('refuses a nextLink off the Graph root and sends nothing there', async () => {
    const foreign = `${elsewhere.origin}/v1.0/users?$skiptoken=stolen`;
    emulator.injectFaults({ kind: 'nextLink', nextLink: foreign, count: 1, pathPrefix: '/v1.0/users' });
    const before = emulator.requests().length;
    const seen: M365User[] = [];
    let failure: unknown;
    try {
      for await (const user of client.listAllUsers()) seen.push(user);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(M365Error);
    expect(failure).toMatchObject({ code: 'LINK_OUTSIDE_GRAPH' });
    expect((failure as Error).message).toContain(elsewhere.origin);
    expect(seen).toHaveLength(999); // the first page, and nothing after the refused link
    expect(listRequests(emulator, before)).toHaveLength(1);
    expect(elsewhere.requests()).toEqual([]);
  });
});
