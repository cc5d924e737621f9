import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { addAppSchema, addTenantSchema, addUserSchema } from './control-schemas.js';
import type { M365Emulator } from './types.js';

export const seedFileSchema = z.object({
  tenants: z.array(
    addTenantSchema.extend({
      apps: z.array(addAppSchema).default([]),
      users: z.array(addUserSchema).default([]),
    }),
  ),
});

export interface SeededApp {
  tenantId: string;
  clientId: string;
  clientSecret?: string;
}

/** Loads tenants, apps and users from a JSON file (passwords live in files, never in argv). */
export function seedFromFile(emulator: M365Emulator, path: string): SeededApp[] {
  const parsed = seedFileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const apps: SeededApp[] = [];
  for (const { apps: tenantApps, users, ...tenantInput } of parsed.tenants) {
    const { id: tenantId } = emulator.addTenant(tenantInput);
    for (const app of tenantApps) apps.push({ tenantId, ...emulator.addApp(tenantId, app) });
    for (const user of users) emulator.addUser(tenantId, user);
  }
  return apps;
}

/** A small Contoso tenant with Passgate's app registration and three users without passwords. */
export function seedDemo(emulator: M365Emulator): SeededApp[] {
  const { id: tenantId } = emulator.addTenant({ name: 'Contoso', domains: [{ name: 'contoso.example' }] });
  const app = emulator.addApp(tenantId, {
    permissions: [
      'User-PasswordProfile.ReadWrite.All',
      'User.EnableDisableAccount.All',
      'User.RevokeSessions.All',
      'User.Read.All',
    ],
    directoryRoles: ['User Administrator'],
  });
  for (const [upn, displayName] of [
    ['adele.vance@contoso.example', 'Adele Vance'],
    ['alex.wilber@contoso.example', 'Alex Wilber'],
    ['megan.bowen@contoso.example', 'Megan Bowen'],
  ] as const) {
    emulator.addUser(tenantId, { userPrincipalName: upn, displayName, mail: upn });
  }
  return [{ tenantId, ...app }];
}
