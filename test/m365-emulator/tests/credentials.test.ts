import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createM365Client, M365Error } from '@passgate/core/graph';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type M365Emulator, startM365Emulator } from '../src/index.js';
import { ALL_PERMISSIONS, rejectionOf, type SeededTenant, seedContoso } from './fixture.js';

async function makeCertificate(): Promise<{
  privateKeyPem: string;
  certificatePem: string;
  thumbprintSha256: string;
}> {
  const pems = await generate([{ name: 'commonName', value: 'passgate-app' }], {
    keySize: 2048,
    algorithm: 'sha256',
  });
  const thumbprintSha256 = createHash('sha256').update(new X509Certificate(pems.cert).raw).digest('hex');
  return { privateKeyPem: pems.private, certificatePem: pems.cert, thumbprintSha256 };
}

describe('certificate credentials', () => {
  let emulator: M365Emulator;
  let tenant: SeededTenant;
  let cert: Awaited<ReturnType<typeof makeCertificate>>;
  let clientId: string;

  beforeAll(async () => {
    emulator = await startM365Emulator();
    tenant = seedContoso(emulator);
    cert = await makeCertificate();
    ({ clientId } = emulator.addApp(tenant.tenantId, {
      certificatePem: cert.certificatePem,
      permissions: ALL_PERMISSIONS,
    }));
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('signs in with a private key and its SHA-256 thumbprint (signed client assertion)', async () => {
    const { clientSecret: _unused, ...base } = tenant.config;
    const client = createM365Client({
      ...base,
      clientId,
      clientCertificate: { privateKeyPem: cert.privateKeyPem, thumbprintSha256: cert.thumbprintSha256 },
    });
    try {
      expect(await client.checkAccess()).toEqual({ tenantId: tenant.tenantId, usersReadable: true });
    } finally {
      await client.close();
    }
    const tokenRequest = emulator
      .requests()
      .find((r) => r.path.includes('/oauth2/v2.0/token') && r.clientId === clientId);
    expect(tokenRequest).toMatchObject({
      status: 200,
      body: {
        client_assertion: '[REDACTED]',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      },
    });
  });

  it('signs in with a PEM file holding the key and the certificate', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'passgate-cert-')), 'app.pem');
    writeFileSync(path, `${cert.privateKeyPem}\n${cert.certificatePem}`, { mode: 0o600 });
    const { clientSecret: _unused, ...base } = tenant.config;
    const client = createM365Client({ ...base, clientId, clientCertificate: { path } });
    try {
      expect((await client.getUser(tenant.aliceId))?.userPrincipalName).toBe('alice@contoso.example');
    } finally {
      await client.close();
    }
  });

  it('fails with AUTH_FAILED when the certificate is not the registered one', async () => {
    const other = await makeCertificate();
    const { clientSecret: _unused, ...base } = tenant.config;
    const client = createM365Client({
      ...base,
      clientId,
      clientCertificate: { privateKeyPem: other.privateKeyPem, thumbprintSha256: other.thumbprintSha256 },
    });
    try {
      const error = await rejectionOf(client.checkAccess());
      expect(error).toBeInstanceOf(M365Error);
      expect(error).toMatchObject({ code: 'AUTH_FAILED', graphCode: 'AADSTS700027' });
    } finally {
      await client.close();
    }
  });

  it('fails with AUTH_FAILED when the key does not match the registered thumbprint', async () => {
    const other = await makeCertificate();
    const { clientSecret: _unused, ...base } = tenant.config;
    const client = createM365Client({
      ...base,
      clientId,
      clientCertificate: { privateKeyPem: other.privateKeyPem, thumbprintSha256: cert.thumbprintSha256 },
    });
    try {
      expect(await rejectionOf(client.checkAccess())).toMatchObject({
        code: 'AUTH_FAILED',
        graphCode: 'AADSTS700027',
      });
    } finally {
      await client.close();
    }
  });
});
