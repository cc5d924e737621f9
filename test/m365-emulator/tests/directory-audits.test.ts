import {
  createM365Client,
  type M365Client,
  type M365DirectoryAudit,
  M365Error,
  PASSWORD_AUDIT_ACTIVITIES,
} from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { ALL_PERMISSIONS, rejectionOf, type SeededTenant, seedContoso } from './fixture.js';
import { form, rawHttps } from './raw-https.js';

const AUDIT_PERMISSIONS = [...ALL_PERMISSIONS, 'AuditLog.Read.All', 'Directory.Read.All'];
const DAY = 86_400_000;

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}

describe('the directory audit log (/auditLogs/directoryAudits)', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;
  let client: M365Client;
  let token: string;
  let clock = Date.parse('2026-03-02T09:00:00.000Z');
  const control = (method: string, path: string, body?: unknown) =>
    rawHttps(method, `${emulator.origin}/_emulator/api/${path}`, emulator.caCertificatePem, {
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const graph = (path: string) =>
    rawHttps('GET', `${emulator.origin}/v1.0${path}`, emulator.caCertificatePem, {
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    emulator = await startM365Emulator({ now: () => clock });
    tenant = seedContoso(emulator, AUDIT_PERMISSIONS);
    client = createM365Client(tenant.config);
    const response = await rawHttps(
      'POST',
      `${emulator.origin}/${tenant.tenantId}/oauth2/v2.0/token`,
      emulator.caCertificatePem,
      form({
        grant_type: 'client_credentials',
        client_id: tenant.clientId,
        client_secret: tenant.clientSecret,
        scope: `${emulator.origin}/.default`,
      }),
    );
    token = (response.json as { access_token: string }).access_token;
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it("logs an app's password PATCH as Core Directory 'Reset password' initiated by the app", async () => {
    clock += 1_500;
    await client.setPassword('alice@contoso.example', 'Lantern-Harbour-41!');
    const [record] = emulator.directoryAudits(tenant.tenantId);
    expect(record).toMatchObject({
      category: 'UserManagement',
      activityDisplayName: 'Reset password',
      activityDateTime: new Date(clock).toISOString(),
      loggedByService: 'Core Directory',
      result: 'success',
      initiatedBy: {
        app: {
          appId: tenant.clientId,
          displayName: expect.any(String),
          servicePrincipalId: expect.any(String),
        },
        user: null,
      },
      targetResources: [{ id: tenant.aliceId, userPrincipalName: 'alice@contoso.example', type: 'User' }],
    });
    // Graph gives lastPasswordChangeDateTime in whole seconds: the second the audit record falls in.
    expect(emulator.getUser(tenant.tenantId, 'alice@contoso.example')?.lastPasswordChangeDateTime).toBe(
      new Date(Math.floor(clock / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
    );
  });

  it("plays each of Microsoft's other doors through the control API, logging who did it and never the password", async () => {
    const doors = [
      { door: 'admin-center', by: 'it.admin@contoso.example' },
      { door: 'self-service-reset' },
      { door: 'self-service-change' },
      { door: 'other-app', app: { appId: '0f0f0f0f-1111-4222-8333-444444444444', displayName: 'HR sync' } },
    ];
    const answers = [];
    for (const [i, door] of doors.entries()) {
      clock += 60_000;
      const response = await control(
        'POST',
        `tenants/${tenant.tenantId}/users/alice@contoso.example/change-password`,
        {
          ...door,
          password: `Orchard-Signal-${i}7!`,
        },
      );
      expect(response.status).toBe(200);
      expect(response.text).not.toContain('Orchard-Signal');
      answers.push(response.json);
      expect(emulator.verifyPassword(tenant.tenantId, 'alice@contoso.example', `Orchard-Signal-${i}7!`)).toBe(
        true,
      );
    }
    expect(answers.map((a) => (a as { activities: string[] }).activities)).toEqual([
      ['Reset password', 'Reset password (by admin)'],
      ['Reset password (self-service)'],
      ['Change password (self-service)'],
      ['Reset password'],
    ]);
    expect((answers[3] as { lastPasswordChangeDateTime: string }).lastPasswordChangeDateTime).toBe(
      new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    );
    const newest = emulator.directoryAudits(tenant.tenantId).slice(0, 5);
    expect(
      newest.map((r) => [
        r.activityDisplayName,
        r.initiatedBy.app?.displayName ?? r.initiatedBy.user?.userPrincipalName,
      ]),
    ).toEqual([
      ['Reset password', 'HR sync'],
      ['Change password (self-service)', 'alice@contoso.example'],
      ['Reset password (self-service)', 'alice@contoso.example'],
      ['Reset password (by admin)', 'it.admin@contoso.example'],
      ['Reset password', 'it.admin@contoso.example'],
    ]);
    const listed = await control('GET', `tenants/${tenant.tenantId}/directory-audits`);
    expect(JSON.stringify(listed.json)).not.toContain('Orchard-Signal');
  });

  it('refuses a password Entra would refuse at that door, and a door it does not know, without echoing the password', async () => {
    const weak = await control(
      'POST',
      `tenants/${tenant.tenantId}/users/alice@contoso.example/change-password`,
      {
        door: 'self-service-change',
        password: 'short1A',
      },
    );
    expect(weak.status).toBe(400);
    expect(weak.text).not.toContain('short1A');
    const door = await control(
      'POST',
      `tenants/${tenant.tenantId}/users/alice@contoso.example/change-password`,
      {
        door: 'carrier-pigeon',
        password: 'Orchard-Signal-99!',
      },
    );
    expect(door.status).toBe(400);
    expect(door.text).toContain('door');
  });

  it('filters by time (ge, le) and by activity (eq joined by or, startswith), as Microsoft documents', async () => {
    const since = new Date(clock - 150_000);
    const viaClient = await collect(
      client.listDirectoryAudits({
        since,
        activities: ['Reset password (self-service)', 'Change password (self-service)'],
      }),
    );
    expect(viaClient.map((r) => r.activityDisplayName).sort()).toEqual([
      'Change password (self-service)',
      'Reset password (self-service)',
    ]);
    expect(viaClient[0]).toMatchObject<Partial<M365DirectoryAudit>>({
      initiatedBy: { app: null, user: { id: tenant.aliceId, userPrincipalName: 'alice@contoso.example' } },
      targetUsers: [{ id: tenant.aliceId, userPrincipalName: 'alice@contoso.example' }],
    });
    const upTo = new Date(clock - 60_000).toISOString();
    const window = await graph(
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent(`activityDateTime ge ${since.toISOString()} and activityDateTime le ${upTo}`)}`,
    );
    expect(
      (window.json as { value: { activityDisplayName: string }[] }).value.map((r) => r.activityDisplayName),
    ).toEqual(['Change password (self-service)', 'Reset password (self-service)']);
    const starts = await graph(
      `/auditLogs/directoryaudits?$filter=${encodeURIComponent("startswith(activityDisplayName,'Reset password (')")}`,
    );
    expect(
      new Set(
        (starts.json as { value: { activityDisplayName: string }[] }).value.map((r) => r.activityDisplayName),
      ),
    ).toEqual(new Set(['Reset password (by admin)', 'Reset password (self-service)']));
    const selected = await graph('/auditLogs/directoryAudits?$top=1&$select=id,activityDisplayName');
    expect(Object.keys((selected.json as { value: object[] }).value[0] ?? {})).toEqual([
      'id',
      'activityDisplayName',
    ]);
    expect((await graph('/auditLogs/directoryAudits?$select=password')).status).toBe(400);
    const unsupported = await graph(
      `/auditLogs/directoryAudits?$filter=${encodeURIComponent('result ne 0')}`,
    );
    expect(unsupported.status).toBe(400);
    expect(unsupported.json).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('pages with $top and an opaque nextLink under the Graph root, unshifted by records added meanwhile', async () => {
    const first = await graph('/auditLogs/directoryAudits?$top=2');
    const page = first.json as { value: { id: string }[]; '@odata.nextLink': string };
    expect(page.value).toHaveLength(2);
    expect(page['@odata.nextLink']).toMatch(
      new RegExp(`^${emulator.origin}/v1.0/auditLogs/directoryAudits\\?\\$skiptoken=`),
    );
    clock += 1_000;
    await client.setPassword('alice@contoso.example', 'Meadow-Copper-58?');
    const second = await graph(page['@odata.nextLink'].slice(`${emulator.origin}/v1.0`.length));
    const all = emulator.directoryAudits(tenant.tenantId);
    expect((second.json as { value: { id: string }[] }).value.map((r) => r.id)).toEqual(
      all.slice(3, 5).map((r) => r.id),
    );
    const everything = await collect(
      client.listDirectoryAudits({ since: new Date(0), activities: PASSWORD_AUDIT_ACTIVITIES }),
    );
    expect(everything.map((r) => r.id)).toEqual(all.map((r) => r.id));
  });

  it('keeps 7 days, as Entra ID Free does', async () => {
    const before = emulator.directoryAudits(tenant.tenantId).length;
    expect(before).toBeGreaterThan(0);
    clock += 7 * DAY - 60_000;
    expect(emulator.directoryAudits(tenant.tenantId).length).toBeGreaterThan(0);
    clock += 10 * 60_000;
    expect(emulator.directoryAudits(tenant.tenantId)).toHaveLength(0);
  });

  it('answers 403 Authorization_RequestDenied without AuditLog.Read.All, which the client reports as AUDIT_LOG_DENIED', async () => {
    const other = await startM365Emulator();
    try {
      const plain = seedContoso(other);
      const plainClient = createM365Client(plain.config);
      const error = await rejectionOf(collect(plainClient.listDirectoryAudits({ since: new Date(0) })));
      expect(error).toBeInstanceOf(M365Error);
      expect(error).toMatchObject({
        code: 'AUDIT_LOG_DENIED',
        status: 403,
        graphCode: 'Authorization_RequestDenied',
      });
      await plainClient.close();
    } finally {
      await other.close();
    }
  });

  it('streams every user with lastPasswordChangeDateTime in pages of up to 999', async () => {
    for (let i = 0; i < 1_200; i++)
      emulator.addUser(tenant.tenantId, {
        userPrincipalName: `bulk${i}@contoso.example`,
        password: 'Harbour-Lantern-73!',
      });
    const before = emulator.requests().length;
    const pages = await collect(client.listPasswordChangeTimes());
    expect(pages.map((p) => p.length)).toEqual([999, 202]);
    expect(pages[0]?.[0]).toEqual({
      id: tenant.aliceId,
      userPrincipalName: 'alice@contoso.example',
      lastPasswordChangeDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      onPremisesSyncEnabled: null,
    });
    expect(
      emulator
        .requests()
        .slice(before)
        .filter((r) => r.path.startsWith('/v1.0/users') && r.status === 200),
    ).toHaveLength(2);
  });
});
