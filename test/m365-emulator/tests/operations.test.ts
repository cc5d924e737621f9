import { createM365Client, type M365Client } from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { type SeededTenant, seedContoso } from './fixture.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('M365Client operations against the emulator', () => {
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

  it('getUser() reads a user by UPN and by id, with accountEnabled and lastPasswordChangeDateTime', async () => {
    const byUpn = await client.getUser('alice@contoso.example');
    expect(byUpn).toMatchObject({
      id: tenant.aliceId,
      userPrincipalName: 'alice@contoso.example',
      displayName: 'Alice Liddell',
      mail: 'alice@contoso.example',
      accountEnabled: true,
      onPremisesSyncEnabled: null,
    });
    expect(byUpn?.lastPasswordChangeDateTime).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await client.getUser(tenant.aliceId)).toEqual(byUpn);
  });

  it('getUser() returns null for a user that does not exist', async () => {
    expect(await client.getUser('nobody@contoso.example')).toBeNull();
  });

  it('setPassword() makes the new password the current one in Microsoft 365, without forcing a change', async () => {
    const { id } = emulator.addUser(tenant.tenantId, {
      userPrincipalName: 'bob@contoso.example',
      password: 'Old-Password-1',
    });
    const before = emulator.requests().length;
    await client.setPassword('bob@contoso.example', 'Fresh-Harbour-42!');
    expect(emulator.verifyPassword(tenant.tenantId, id, 'Fresh-Harbour-42!')).toBe(true);
    expect(emulator.verifyPassword(tenant.tenantId, id, 'Old-Password-1')).toBe(false);
    const view = emulator.getUser(tenant.tenantId, id);
    expect(view).toMatchObject({
      passwordWrites: 1,
      forceChangePasswordNextSignIn: false,
      accountEnabled: true,
    });
    const patch = emulator
      .requests()
      .slice(before)
      .find((r) => r.method === 'PATCH');
    expect(patch).toMatchObject({
      path: '/v1.0/users/bob@contoso.example',
      status: 204,
      body: {
        passwordProfile: {
          password: '[REDACTED]',
          forceChangePasswordNextSignIn: false,
          forceChangePasswordNextSignInWithMfa: false,
        },
      },
    });
  });

  it('passwordHistory() tells, oldest first, which of the given passwords each Graph write set', async () => {
    const { id } = emulator.addUser(tenant.tenantId, {
      userPrincipalName: 'erin@contoso.example',
      password: 'Seeded-Lantern-12!',
    });
    for (const password of ['Amber-Quarry-51!', 'Birch-Harbour-62?', 'Amber-Quarry-51!'])
      await client.setPassword(id, password);
    const candidates = ['Birch-Harbour-62?', 'Amber-Quarry-51!', 'Seeded-Lantern-12!'];
    expect(emulator.passwordHistory(tenant.tenantId, 'erin@contoso.example', candidates)).toEqual([1, 0, 1]);
    expect(emulator.passwordHistory(tenant.tenantId, id, ['Birch-Harbour-62?'])).toEqual([null, 0, null]);
    expect(JSON.stringify(emulator.getUser(tenant.tenantId, id))).not.toContain('passwordHistory');
  });

  it('setPassword() with enableAccount unblocks sign-in in the same PATCH', async () => {
    const { id } = emulator.addUser(tenant.tenantId, {
      userPrincipalName: 'carol@contoso.example',
      accountEnabled: false,
    });
    const before = emulator.requests().length;
    await client.setPassword(id, 'Quiet-Meadow-77#', { enableAccount: true });
    const patches = emulator
      .requests()
      .slice(before)
      .filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]?.body).toMatchObject({ accountEnabled: true });
    expect(emulator.getUser(tenant.tenantId, id)?.accountEnabled).toBe(true);
    expect(emulator.verifyPassword(tenant.tenantId, id, 'Quiet-Meadow-77#')).toBe(true);
  });

  it('setAccountEnabled() blocks and unblocks sign-in', async () => {
    const { id } = emulator.addUser(tenant.tenantId, { userPrincipalName: 'dave@contoso.example' });
    await client.setAccountEnabled(id, false);
    expect(emulator.getUser(tenant.tenantId, id)?.accountEnabled).toBe(false);
    expect((await client.getUser(id))?.accountEnabled).toBe(false);
    await client.setAccountEnabled('dave@contoso.example', true);
    expect(emulator.getUser(tenant.tenantId, id)?.accountEnabled).toBe(true);
  });

  it('revokeSessions() revokes the user sign-in sessions', async () => {
    await client.revokeSessions('alice@contoso.example');
    expect(emulator.getUser(tenant.tenantId, tenant.aliceId)?.sessionRevocations).toBe(1);
    expect(emulator.requests().at(-1)).toMatchObject({
      method: 'POST',
      path: `/v1.0/users/alice@contoso.example/revokeSignInSessions`,
      status: 200,
    });
  });

  it('listUsers() pages through every user of one domain and no other', async () => {
    const expected: string[] = [];
    for (let i = 0; i < 230; i++) {
      const upn = `user${String(i).padStart(3, '0')}@partner.example`;
      emulator.addUser(tenant.tenantId, { userPrincipalName: upn, accountEnabled: i % 2 === 0 });
      expected.push(upn);
    }
    const before = emulator.requests().length;
    const seen = [];
    for await (const user of client.listUsers({ domain: 'partner.example' })) seen.push(user);
    expect(seen.map((u) => u.userPrincipalName).sort()).toEqual(expected);
    expect(seen.filter((u) => u.accountEnabled)).toHaveLength(115);
    const pages = emulator
      .requests()
      .slice(before)
      .filter((r) => r.path.startsWith('/v1.0/users?'));
    expect(pages).toHaveLength(3);
    expect(pages.slice(1).every((r) => r.path.includes('$skiptoken='))).toBe(true);
  });

  it('checkAccess() proves the credentials and User.Read.All work', async () => {
    expect(await client.checkAccess()).toEqual({ tenantId: tenant.tenantId, usersReadable: true });
  });

  it('sends a fresh client-request-id per call and High throttle priority only when user-initiated', async () => {
    const before = emulator.requests().length;
    await client.getUser(tenant.aliceId, { userInitiated: true });
    await client.getUser(tenant.aliceId);
    const [first, second] = emulator.requests().slice(before);
    expect(first?.clientRequestId).toMatch(UUID);
    expect(second?.clientRequestId).toMatch(UUID);
    expect(first?.clientRequestId).not.toBe(second?.clientRequestId);
    expect(first?.throttlePriority).toBe('High');
    expect(second?.throttlePriority).toBeNull();
  });
});
