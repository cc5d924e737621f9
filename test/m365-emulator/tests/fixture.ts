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
    domains: [
      { name: 'contoso.example' },
      { name: 'fed.contoso.example', federated: true },
      { name: 'partner.example' },
    ],
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

/** Every log entry and thrown error, for leak checks. */
export interface CapturedLogger {
  entries: { level: 'debug' | 'warn'; obj: object; msg?: string }[];
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export function captureLogger(): CapturedLogger {
  const entries: CapturedLogger['entries'] = [];
  return {
    entries,
    debug: (obj, msg) => entries.push({ level: 'debug', obj, ...(msg === undefined ? {} : { msg }) }),
    warn: (obj, msg) => entries.push({ level: 'warn', obj, ...(msg === undefined ? {} : { msg }) }),
  };
}

/** Awaits a promise expected to reject and returns the rejection. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
