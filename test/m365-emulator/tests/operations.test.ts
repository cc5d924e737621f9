import { createM365Client, type M365Client } from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { type SeededTenant, seedContoso } from './fixture.js';

describe('createM365Client() against the emulator', () => {
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

  it('reads a user by UPN and by id, with accountEnabled and lastPasswordChangeDateTime', async () => {
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

  it('returns null for a user that does not exist', async () => {
    expect(await client.getUser('nobody@contoso.example')).toBeNull();
  });
});
