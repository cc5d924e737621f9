import { createM365Client, DIRECTORY_ROLES, type M365Client, M365Error } from '@passgate/core/graph';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { rejectionOf } from './fixture.js';

const RESET_URL = 'https://passwords.contoso.example/reset';

describe('M365Client tenant operations against the emulator', () => {
  let emulator: M365Emulator;
  let tenantId: string;
  let client: M365Client;
  let usersOnly: M365Client;
  const upns = Array.from({ length: 45 }, (_, i) => `user${String(i).padStart(2, '0')}@contoso.example`);

  function clientFor(permissions: string[], directoryRoles: string[] = [], tenant = tenantId): M365Client {
    const app = emulator.addApp(tenantId, { permissions, directoryRoles });
    return createM365Client({
      tenantId: tenant,
      clientId: app.clientId,
      clientSecret: app.clientSecret ?? '',
      cloud: emulator.cloud,
      caCertificates: emulator.caCertificatePem,
      timeoutMs: 5_000,
    });
  }

  beforeAll(async () => {
    emulator = await startM365Emulator();
    ({ id: tenantId } = emulator.addTenant({ name: 'Contoso', domains: [{ name: 'contoso.example' }] }));
    for (const upn of upns) emulator.addUser(tenantId, { userPrincipalName: upn, passwordPolicies: 'None' });
    client = clientFor(
      ['User.ReadWrite.All', 'Domain.Read.All', 'OrganizationalBranding.ReadWrite.All'],
      ['User Administrator'],
      // The tenant named by a domain, as admins may configure it: the organisation id still comes out right.
      'contoso.example',
    );
    usersOnly = clientFor(['User.Read.All']);
  });
  afterEach(() => {
    emulator.setThrottle(null);
  });
  afterAll(async () => {
    await client.close();
    await usersOnly.close();
    await emulator.close();
  });

  it("readAccessClaims() lists the token's permissions and directory roles; the organisation id is the tenant id", async () => {
    expect(await client.readAccessClaims()).toEqual({
      tenantId,
      appId: expect.any(String),
      roles: ['User.ReadWrite.All', 'Domain.Read.All', 'OrganizationalBranding.ReadWrite.All'],
      directoryRoleIds: [DIRECTORY_ROLES.userAdministrator.id],
    });
    expect((await usersOnly.readAccessClaims()).directoryRoleIds).toEqual([]);
    expect(await client.getOrganizationId()).toBe(tenantId);
  });

  it('getDomain() reads the expiry, null when unset, and null for a domain the tenant does not have', async () => {
    expect(await client.getDomain('contoso.example')).toEqual({
      id: 'contoso.example',
      authenticationType: 'Managed',
      passwordValidityPeriodInDays: null,
      passwordNotificationWindowInDays: null,
    });
    emulator.setDomainPasswordPolicy(tenantId, 'contoso.example', {
      passwordValidityPeriodInDays: 2147483647,
    });
    expect((await client.getDomain('contoso.example'))?.passwordValidityPeriodInDays).toBe(2147483647);
    expect(await client.getDomain('fabrikam.example')).toBeNull();
    const refused = await rejectionOf(usersOnly.getDomain('contoso.example'));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('getBranding() is null and setAccountResetUrl() says BRANDING_NOT_FOUND while the tenant has no branding', async () => {
    const organizationId = await client.getOrganizationId();
    expect(await client.getBranding(organizationId)).toBeNull();
    expect(await rejectionOf(client.setAccountResetUrl(organizationId, RESET_URL))).toMatchObject({
      code: 'BRANDING_NOT_FOUND',
      status: 404,
    });
    emulator.setBranding(tenantId, { signInPageText: 'Contoso' });
    expect(await client.getBranding(organizationId)).toEqual({
      customAccountResetCredentialsUrl: null,
      hideAccountResetCredentials: false,
    });
    await client.setAccountResetUrl(organizationId, RESET_URL);
    expect(await client.getBranding(organizationId)).toMatchObject({
      customAccountResetCredentialsUrl: RESET_URL,
    });
    expect(emulator.getBranding(tenantId)).toMatchObject({ signInPageText: 'Contoso' });
  });

  it('tells a missing permission (FORBIDDEN) from a missing licence (LICENCE_REQUIRED), and refuses a URL over 128 characters', async () => {
    const organizationId = await client.getOrganizationId();
    const denied = await rejectionOf(
      usersOnly.setAccountResetUrl(organizationId, 'https://elsewhere.example/reset'),
    );
    expect(denied).toBeInstanceOf(M365Error);
    expect(denied).toMatchObject({ code: 'FORBIDDEN', graphCode: 'Authorization_RequestDenied' });
    emulator.setBrandingLicence(tenantId, false);
    const unlicensed = await rejectionOf(
      client.setAccountResetUrl(organizationId, 'https://elsewhere.example/reset'),
    );
    emulator.setBrandingLicence(tenantId, true);
    expect(unlicensed).toMatchObject({ code: 'LICENCE_REQUIRED', status: 403 });
    const before = emulator.requests().length;
    const tooLong = await rejectionOf(
      client.setAccountResetUrl(organizationId, `https://x.example/${'r'.repeat(111)}`),
    );
    expect(tooLong).toBeInstanceOf(RangeError);
    expect(emulator.requests().length).toBe(before);
    expect(emulator.getBranding(tenantId)).toMatchObject({ customAccountResetCredentialsUrl: RESET_URL });
  });

  it('getPasswordPolicies() reads 45 users in 3 batches, null for one that does not exist', async () => {
    const before = emulator.requests().length;
    const read = await client.getPasswordPolicies([...upns, 'nobody@contoso.example']);
    expect(read.size).toBe(46);
    expect(read.get(upns[0] ?? '')).toMatchObject({
      userPrincipalName: upns[0],
      userType: 'Member',
      onPremisesSyncEnabled: null,
      passwordPolicies: 'None',
    });
    expect(read.get('nobody@contoso.example')).toBeNull();
    const batches = emulator
      .requests()
      .slice(before)
      .filter((r) => r.path === '/v1.0/$batch');
    expect(batches).toHaveLength(3);
  });

  it('setPasswordPolicies() writes 45 users in 3 batches and retries the throttled ones after their Retry-After', async () => {
    emulator.setThrottle({ writes: 25, perMs: 1_000 });
    const before = emulator.requests().length;
    const outcomes = await client.setPasswordPolicies(
      upns.map((user) => ({ user, passwordPolicies: 'DisablePasswordExpiration' })),
    );
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(outcomes.map((o) => o.user)).toEqual(upns);
    expect(
      upns.every((upn) => emulator.getUser(tenantId, upn)?.passwordPolicies === 'DisablePasswordExpiration'),
    ).toBe(true);
    const log = emulator.requests().slice(before);
    const throttled = log.filter((r) => r.batch && r.status === 429);
    expect(throttled.length).toBeGreaterThan(0);
    // Each throttled user was written again, later, by at least the second Retry-After asked for.
    for (const refused of throttled) {
      const retried = log.find(
        (r) => r.batch && r.path === refused.path && r.status === 204 && r.at > refused.at,
      );
      expect(retried, `${refused.path} retried`).toBeDefined();
      expect((retried?.at ?? 0) - refused.at).toBeGreaterThanOrEqual(1_000);
    }
    const batches = log.filter((r) => r.path === '/v1.0/$batch');
    expect(batches.length).toBe(4);
  });

  it('setPasswordPolicies() reports every user of a batch Graph failed as a whole, and sends no more', async () => {
    emulator.injectFaults({ kind: 'status', status: 500, count: 1 });
    const before = emulator.requests().length;
    const outcomes = await client.setPasswordPolicies(
      upns.slice(0, 25).map((user) => ({ user, passwordPolicies: 'None' })),
    );
    expect(outcomes).toHaveLength(25);
    expect(outcomes.every((o) => !o.ok && o.error.code === 'UNAVAILABLE')).toBe(true);
    expect(
      emulator
        .requests()
        .slice(before)
        .filter((r) => r.path === '/v1.0/$batch'),
    ).toHaveLength(1);
    expect(emulator.getUser(tenantId, upns[0] ?? '')?.passwordPolicies).toBe('DisablePasswordExpiration');
  });

  it('setPasswordPolicies() reports a refused user without stopping the others', async () => {
    const outcomes = await usersOnly.setPasswordPolicies([
      { user: upns[0] ?? '', passwordPolicies: 'None' },
      { user: 'nobody@contoso.example', passwordPolicies: 'None' },
    ]);
    expect(outcomes).toEqual([
      { user: upns[0], ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', status: 403 }) },
      { user: 'nobody@contoso.example', ok: false, error: expect.objectContaining({ code: 'FORBIDDEN' }) },
    ]);
    expect(emulator.getUser(tenantId, upns[0] ?? '')?.passwordPolicies).toBe('DisablePasswordExpiration');
  });
});
