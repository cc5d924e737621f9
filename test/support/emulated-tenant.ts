import type { M365Emulator } from '@passgate/test/m365-emulator';

/** What Passgate's app registration needs in a real tenant (see docs/admin.md). */
export const PASSGATE_APP_PERMISSIONS = [
  'User-PasswordProfile.ReadWrite.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'User.Read.All',
];

export interface EmulatedTenant {
  tenantId: string;
  domain: string;
  /** The tenant's `graph` block for the portal config: the emulator's cloud and CA, Passgate's app. */
  graph: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    cloud: { authorityHost: string; graphBaseUrl: string };
    caCertificates: string;
  };
}

/** Reading the directory audit log (drift detection says who changed a password): optional. */
export const AUDIT_LOG_PERMISSIONS = ['AuditLog.Read.All', 'Directory.Read.All'];

/** Adds a tenant owning `domain` and Passgate's app registration (with the User Administrator role). */
export function addEmulatedTenant(
  emulator: M365Emulator,
  name: string,
  domain: string,
  extraPermissions: readonly string[] = [],
): EmulatedTenant {
  const { id: tenantId } = emulator.addTenant({ name, domains: [{ name: domain }] });
  const app = emulator.addApp(tenantId, {
    permissions: [...PASSGATE_APP_PERMISSIONS, ...extraPermissions],
    displayName: 'Passgate',
    directoryRoles: ['User Administrator'],
  });
  if (app.clientSecret === undefined) throw new Error('the emulator made no client secret for the app');
  return {
    tenantId,
    domain,
    graph: {
      tenantId,
      clientId: app.clientId,
      clientSecret: app.clientSecret,
      cloud: emulator.cloud,
      caCertificates: emulator.caCertificatePem,
    },
  };
}
