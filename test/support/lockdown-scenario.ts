import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addUser, openStore } from '@passgate/portal';
import type { AddUserInput, M365Emulator } from '@passgate/test/m365-emulator';
import { type CliResult, cliInProcess } from './cli-in-process.js';
import { TEST_SECRET_KEY } from './start-portal.js';

/** Every permission `tenants check --deep` asks for, lockdown's included. */
export const LOCKDOWN_PERMISSIONS = [
  'User-PasswordProfile.ReadWrite.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'User.Read.All',
  'AuditLog.Read.All',
  'Domain.Read.All',
  'OrganizationalBranding.ReadWrite.All',
  'User.ReadWrite.All',
];

export interface LockdownScenario {
  name: string;
  tenantId: string;
  domain: string;
  cli(args: string[]): Promise<CliResult>;
}

/**
 * A tenant of its own in the emulator (owning `domain`), Passgate's app with the given access, a
 * portal config and database, the given Microsoft 365 users and the given portal users.
 */
export async function lockdownScenario(
  emulator: M365Emulator,
  dir: string,
  options: {
    name: string;
    domain: string;
    permissions: string[];
    directoryRoles?: string[];
    microsoft365Users: AddUserInput[];
    portalUsers: string[];
    publicUrl?: string;
    /** A PostgreSQL URL; default a SQLite file in `dir`. */
    database?: string;
  },
): Promise<LockdownScenario> {
  const { id: tenantId } = emulator.addTenant({ name: options.name, domains: [{ name: options.domain }] });
  const app = emulator.addApp(tenantId, {
    permissions: options.permissions,
    directoryRoles: options.directoryRoles ?? [],
  });
  const graph = {
    tenantId,
    clientId: app.clientId,
    cloud: emulator.cloud,
    caCertificates: emulator.caCertificatePem,
  };
  const database = options.database ?? join(dir, `${options.name}.sqlite`);
  const config = join(dir, `${options.name}.yaml`);
  await writeFile(
    config,
    [
      `publicUrl: ${options.publicUrl ?? 'https://passwords.contoso.example'}`,
      `database: ${join(dir, 'unused.sqlite')}`,
      'tenants:',
      `  - name: ${options.name}`,
      `    domains: [${options.domain}]`,
      `    graph: ${JSON.stringify(graph)}`,
      '',
    ].join('\n'),
  );
  const env = {
    PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    PASSGATE_DATABASE: database,
    [`PASSGATE_TENANT_${options.name.toUpperCase()}_CLIENT_SECRET`]: app.clientSecret ?? '',
  };
  for (const user of options.microsoft365Users) emulator.addUser(tenantId, user);
  const store = await openStore(database, { poolSize: 2 });
  try {
    for (const email of options.portalUsers) await addUser(store.db, { email, password: null }, new Date());
  } finally {
    await store.close();
  }
  return {
    name: options.name,
    tenantId,
    domain: options.domain,
    cli: (args) => cliInProcess([...args, '--config', config], env),
  };
}
