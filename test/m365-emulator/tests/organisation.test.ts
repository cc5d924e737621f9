import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { type GraphSession, graphSession } from './graph-session.js';
import { rawHttps } from './raw-https.js';

const USER_ADMINISTRATOR = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const PRIVILEGED_AUTHENTICATION_ADMINISTRATOR = '7be44c8a-adaf-4e2a-84d6-ab2649e08a13';
const RESET_URL = 'https://passwords.contoso.example/reset';

describe('the emulated tenant: domains, organisation, sign-in branding and token claims', () => {
  let emulator: M365Emulator;
  let tenantId: string;
  let full: GraphSession;
  let usersOnly: GraphSession;
  const defaultBranding = { 'accept-language': '0' };

  beforeAll(async () => {
    emulator = await startM365Emulator();
    ({ id: tenantId } = emulator.addTenant({
      name: 'Contoso',
      domains: [{ name: 'contoso.example' }, { name: 'fed.contoso.example', federated: true }],
    }));
    full = await graphSession(
      emulator,
      tenantId,
      emulator.addApp(tenantId, {
        permissions: [
          'User.Read.All',
          'Domain.Read.All',
          'Organization.Read.All',
          'OrganizationalBranding.ReadWrite.All',
        ],
        directoryRoles: ['User Administrator', 'Privileged Authentication Administrator'],
      }),
    );
    usersOnly = await graphSession(
      emulator,
      tenantId,
      emulator.addApp(tenantId, { permissions: ['User.Read.All'] }),
    );
  });
  afterAll(async () => {
    await emulator.close();
  });

  it("lists the app's permissions in roles and its directory roles as template ids in wids", () => {
    expect(full.claims.roles).toEqual([
      'User.Read.All',
      'Domain.Read.All',
      'Organization.Read.All',
      'OrganizationalBranding.ReadWrite.All',
    ]);
    expect(full.claims.wids).toEqual([USER_ADMINISTRATOR, PRIVILEGED_AUTHENTICATION_ADMINISTRATOR]);
    expect(full.claims.tid).toBe(tenantId);
    // An app holding no directory role gets no wids claim at all.
    expect(usersOnly.claims).not.toHaveProperty('wids');
  });

  it('reads a domain with null expiry until it is set, then the value set, and 404 for a foreign domain', async () => {
    const before = await full.call('GET', '/domains/contoso.example');
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({
      id: 'contoso.example',
      authenticationType: 'Managed',
      isVerified: true,
      passwordValidityPeriodInDays: null,
      passwordNotificationWindowInDays: null,
    });
    emulator.setDomainPasswordPolicy(tenantId, 'contoso.example', {
      passwordValidityPeriodInDays: 2147483647,
      passwordNotificationWindowInDays: 14,
    });
    const after = await full.call('GET', '/domains/CONTOSO.example?$select=id,passwordValidityPeriodInDays');
    expect(after.json).toEqual({
      '@odata.context': expect.stringMatching(/\/v1\.0\/\$metadata#domains\/\$entity$/),
      id: 'contoso.example',
      passwordValidityPeriodInDays: 2147483647,
    });
    expect((await full.call('GET', '/domains/fed.contoso.example')).json).toMatchObject({
      authenticationType: 'Federated',
    });
    const foreign = await full.call('GET', '/domains/fabrikam.example');
    expect(foreign.status).toBe(404);
    expect(foreign.json).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
  });

  it('refuses domain and organisation reads to an app without Domain.Read.All or Organization.Read.All', async () => {
    for (const path of ['/domains/contoso.example', '/organization']) {
      const response = await usersOnly.call('GET', path);
      expect(response.status).toBe(403);
      expect(response.json).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
    }
  });

  it('lists the organisation, whose id is the tenant id', async () => {
    const response = await full.call('GET', '/organization');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      value: [
        {
          id: tenantId,
          displayName: 'Contoso',
          verifiedDomains: [
            { name: 'contoso.example', isDefault: true, type: 'Managed' },
            { name: 'fed.contoso.example', isDefault: false, type: 'Federated' },
          ],
        },
      ],
    });
  });

  it('answers 404 for branding until one exists, and PATCH does not create it', async () => {
    const get = await full.call('GET', `/organization/${tenantId}/branding`, { headers: defaultBranding });
    expect(get.status).toBe(404);
    expect(get.json).toMatchObject({ error: { code: 'Request_ResourceNotFound' } });
    const patch = await full.call('PATCH', `/organization/${tenantId}/branding`, {
      headers: defaultBranding,
      body: { customAccountResetCredentialsUrl: RESET_URL },
    });
    expect(patch.status).toBe(404);
    expect(emulator.getBranding(tenantId)).toBeNull();
  });

  it('creates the default branding with a first localization, then reads and patches it', async () => {
    const created = await full.call('POST', `/organization/${tenantId}/branding/localizations`, {
      body: { id: 'fr-FR', signInPageText: 'Bonjour' },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ id: 'fr-FR', signInPageText: 'Bonjour' });
    const empty = await full.call('GET', `/organization/${tenantId}/branding`, { headers: defaultBranding });
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ id: '0', customAccountResetCredentialsUrl: null, cdnList: [] });

    const patch = await full.call('PATCH', `/organization/${tenantId}/branding`, {
      headers: defaultBranding,
      body: { customAccountResetCredentialsUrl: RESET_URL },
    });
    expect(patch.status).toBe(204);
    expect(patch.text).toBe('');
    const read = await full.call(
      'GET',
      `/organization/${tenantId}/branding?$select=customAccountResetCredentialsUrl`,
      {
        headers: { 'accept-language': 'default' },
      },
    );
    expect(read.json).toEqual({
      '@odata.context': expect.stringMatching(/\$metadata#branding$/),
      customAccountResetCredentialsUrl: RESET_URL,
    });
    expect(emulator.getBranding(tenantId)).toMatchObject({ customAccountResetCredentialsUrl: RESET_URL });
    // The localization is its own branding, read with its locale.
    const french = await full.call('GET', `/organization/${tenantId}/branding`, {
      headers: { 'accept-language': 'fr-FR' },
    });
    expect(french.json).toMatchObject({ id: 'fr-FR', signInPageText: 'Bonjour' });
  });

  it('refuses a reset URL over 128 characters, a non-ASCII one and an unknown property, changing nothing', async () => {
    const before = emulator.getBranding(tenantId);
    for (const body of [
      { customAccountResetCredentialsUrl: `https://passwords.contoso.example/${'r'.repeat(95)}` },
      { customAccountResetCredentialsUrl: 'https://passwörter.contoso.example/reset' },
      { customAccountResetCredentialsUrl: RESET_URL, colour: 'red' },
    ]) {
      const response = await full.call('PATCH', `/organization/${tenantId}/branding`, {
        headers: defaultBranding,
        body,
      });
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ error: { code: 'Request_BadRequest' } });
    }
    expect(`https://passwords.contoso.example/${'r'.repeat(94)}`).toHaveLength(128);
    const longest = await full.call('PATCH', `/organization/${tenantId}/branding`, {
      headers: defaultBranding,
      body: { customAccountResetCredentialsUrl: `https://passwords.contoso.example/${'r'.repeat(94)}` },
    });
    expect(longest.status).toBe(204);
    emulator.setBranding(tenantId, before === null ? null : { customAccountResetCredentialsUrl: RESET_URL });
  });

  it('needs OrganizationalBranding.ReadWrite.All to write branding, and the Accept-Language header', async () => {
    const readOnly = await graphSession(
      emulator,
      tenantId,
      emulator.addApp(tenantId, { permissions: ['OrganizationalBranding.Read.All'] }),
    );
    expect(
      (await readOnly.call('GET', `/organization/${tenantId}/branding`, { headers: defaultBranding })).status,
    ).toBe(200);
    const refused = await readOnly.call('PATCH', `/organization/${tenantId}/branding`, {
      headers: defaultBranding,
      body: { customAccountResetCredentialsUrl: 'https://elsewhere.example/reset' },
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
    expect(
      (await usersOnly.call('GET', `/organization/${tenantId}/branding`, { headers: defaultBranding }))
        .status,
    ).toBe(403);
    expect((await full.call('GET', `/organization/${tenantId}/branding`)).status).toBe(400);
    // Another tenant's organisation does not exist for this caller.
    expect(
      (
        await full.call('GET', '/organization/00000000-0000-0000-0000-000000000001/branding', {
          headers: defaultBranding,
        })
      ).status,
    ).toBe(404);
    expect(emulator.getBranding(tenantId)).toMatchObject({ customAccountResetCredentialsUrl: RESET_URL });
  });

  it('refuses branding writes in a tenant without the licence, with the premium-licence error', async () => {
    emulator.setBrandingLicence(tenantId, false);
    const response = await full.call('PATCH', `/organization/${tenantId}/branding`, {
      headers: defaultBranding,
      body: { customAccountResetCredentialsUrl: 'https://elsewhere.example/reset' },
    });
    emulator.setBrandingLicence(tenantId, true);
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({
      error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant' },
    });
    expect(emulator.getBranding(tenantId)).toMatchObject({ customAccountResetCredentialsUrl: RESET_URL });
  });

  it('sets expiry, licence and branding over the control API, refusing bad values with a message', async () => {
    const api = (method: string, path: string, body?: unknown) =>
      rawHttps(
        method,
        `${emulator.origin}/_emulator/api/tenants/${tenantId}${path}`,
        emulator.caCertificatePem,
        {
          headers: { 'content-type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        },
      );
    expect(
      (await api('PUT', '/domains/contoso.example/password-policy', { passwordValidityPeriodInDays: 90 }))
        .status,
    ).toBe(200);
    expect((await full.call('GET', '/domains/contoso.example')).json).toMatchObject({
      passwordValidityPeriodInDays: 90,
    });
    const bad = await api('PUT', '/domains/contoso.example/password-policy', {
      passwordValidityPeriodInDays: -1,
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({
      error: 'BAD_REQUEST',
      message: expect.stringContaining('passwordValidityPeriodInDays'),
    });
    expect(
      (
        await api('PUT', '/branding', {
          properties: { customAccountResetCredentialsUrl: 'https://x.example/r' },
        })
      ).status,
    ).toBe(200);
    expect((await api('GET', '/branding')).json).toMatchObject({
      branding: { customAccountResetCredentialsUrl: 'https://x.example/r' },
    });
    expect((await api('PUT', '/branding-licence', { licensed: false })).status).toBe(200);
    const unlicensed = await full.call('PATCH', `/organization/${tenantId}/branding`, {
      headers: defaultBranding,
      body: { signInPageText: 'Hello' },
    });
    expect(unlicensed.status).toBe(403);
    expect((await api('PUT', '/branding-licence', { licensed: true })).status).toBe(200);
    expect((await api('PUT', '/branding', { properties: null })).status).toBe(200);
    expect((await api('GET', '/branding')).json).toEqual({ branding: null });
  });
});
