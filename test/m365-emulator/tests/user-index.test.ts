import { createM365Client, type M365Client, type M365User } from '@passgate/core/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { ALL_PERMISSIONS, type SeededTenant, seedContoso } from './fixture.js';

// The emulator finds a user by UPN through an index (seeding 50,000 users for bench/tenant was
// quadratic): what Microsoft documents must not change with it — a UPN matches in any case, a UPN
// is unique whatever its case, and a listing pages through every user once, in one stable order.
describe('the emulator’s user index', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;
  let client: M365Client;
  const COUNT = 2_500;

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator, ALL_PERMISSIONS);
    for (let i = 0; i < COUNT; i++)
      emulator.addUser(tenant.tenantId, { userPrincipalName: `Person${i}@Contoso.Example` });
    client = createM365Client(tenant.config);
  });

  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  it('finds a user by UPN in any case, and by id, through Graph', async () => {
    const byUpn = await client.getUser('PERSON1234@contoso.EXAMPLE');
    expect(byUpn?.userPrincipalName).toBe('person1234@contoso.example');
    expect((await client.getUser(byUpn?.id ?? ''))?.userPrincipalName).toBe('person1234@contoso.example');
    expect(await client.getUser(`person${COUNT}@contoso.example`)).toBeNull();
  });

  it('refuses a second user whose UPN differs only by case', () => {
    expect(() => emulator.addUser(tenant.tenantId, { userPrincipalName: 'PERSON7@CONTOSO.EXAMPLE' })).toThrow(
      /already exists/,
    );
  });

  it('applies a password written by UPN to the one user it names', async () => {
    await client.setPassword('Person42@CONTOSO.example', 'Harbour-Lantern-73!');
    expect(emulator.verifyPassword(tenant.tenantId, 'person42@contoso.example', 'Harbour-Lantern-73!')).toBe(
      true,
    );
    expect(emulator.getUser(tenant.tenantId, 'person43@contoso.example')?.passwordWrites).toBe(0);
  });

  it('lists every user once, in the order they were added, across pages', async () => {
    const seen: M365User[] = [];
    for await (const user of client.listAllUsers()) seen.push(user);
    expect(seen.map((u) => u.userPrincipalName)).toEqual([
      'alice@contoso.example',
      ...Array.from({ length: COUNT }, (_, i) => `person${i}@contoso.example`),
    ]);
  });
});
