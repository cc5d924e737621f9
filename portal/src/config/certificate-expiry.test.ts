import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateExpiries, tenantCertificateDates } from './certificate-expiry.js';
import type { TenantConfig } from './portal-config-schema.js';

// A certificate file's dates are read in test/integration/config-certificates.test.ts, with real pairs.
const dir = mkdtempSync(join(tmpdir(), 'passgate-certificate-expiry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const GRAPH = {
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  cloud: 'global',
  timeoutMs: 10_000,
} satisfies Partial<TenantConfig['graph']>;

function tenant(name: string, graph: TenantConfig['graph']): TenantConfig {
  return { name, domains: [`${name}.com`], onExpiry: 'suspend', onDrift: 'report', graph } as TenantConfig;
}

describe('tenantCertificateDates()', () => {
  it('has no dates for a client secret, and none to read for a key given inline', () => {
    expect(tenantCertificateDates({ ...GRAPH, clientSecret: 'secret' })).toBeNull();
    expect(
      tenantCertificateDates({
        ...GRAPH,
        clientCertificate: { privateKeyPem: '-----BEGIN PRIVATE KEY-----', thumbprintSha256: 'a'.repeat(64) },
      }),
    ).toBe('inline');
  });

  it('skips a file that can no longer be read: the config load checked it, a token request will say why', () => {
    expect(
      tenantCertificateDates({ ...GRAPH, clientCertificate: { path: join(dir, 'gone.pem') } }),
    ).toBeNull();
    expect(tenantCertificateDates({ ...GRAPH, clientCertificate: { path: dir } })).toBeNull();
  });
});

describe('certificateExpiries()', () => {
  it('lists only tenants whose certificate file could be read', () => {
    expect(
      certificateExpiries([
        tenant('contoso', { ...GRAPH, clientSecret: 'secret' }),
        tenant('fabrikam', { ...GRAPH, clientCertificate: { path: join(dir, 'gone.pem') } }),
      ]),
    ).toEqual([]);
  });
});
