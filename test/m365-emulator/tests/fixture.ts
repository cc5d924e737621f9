import type { M365ClientConfig } from '@passgate/core/graph';
import type { M365Emulator } from '../src/index.js';

export const ALL_PERMISSIONS = [
  'User-PasswordProfile.ReadWrite.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'User.Read.All',
];

export interface SeededTenant {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  config: M365ClientConfig;
  aliceId: string;
}

/** A Contoso tenant with an app holding Passgate's four permissions and one cloud user. */
export function seedContoso(emulator: M365Emulator, permissions: string[] = ALL_PERMISSIONS): SeededTenant {
  const { id: tenantId } = emulator.addTenant({
    name: 'Contoso',
    domains: [{ name: 'contoso.example' }, { name: 'fed.contoso.example', federated: true }],
  });
  const app = emulator.addApp(tenantId, { permissions, directoryRoles: ['User Administrator'] });
  const { id: aliceId } = emulator.addUser(tenantId, {
    userPrincipalName: 'alice@contoso.example',
    displayName: 'Alice Liddell',
    mail: 'alice@contoso.example',
    password: 'Initial-Pass-2024!',
  });
  return {
    tenantId,
    clientId: app.clientId,
    clientSecret: app.clientSecret ?? '',
    aliceId,
    config: {
      tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret ?? '',
      cloud: emulator.cloud,
      caCertificates: emulator.caCertificatePem,
      timeoutMs: 5_000,
    },
  };
}
