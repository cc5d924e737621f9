import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfigFile } from '@passgate/portal';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';

// Certificates are checked when the config is loaded: a bad one is a config error (exit 78, the field
// named) for every command, not a stack trace from `passgate serve` or a TLS failure days later.

let dir: string;
let pair: { key: string; cert: string };
let other: { key: string; cert: string };
const env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY };

async function makePair(name: string): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: name }], { keySize: 2048, algorithm: 'sha256' });
  return { key: pems.private, cert: pems.cert };
}

/** A config file in `dir` with one certificate tenant and `extra` YAML; returns its path. */
async function configFile(name: string, certificatePath: string, extra = ''): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  await writeFile(
    file,
    `publicUrl: https://passwords.contoso.example
database: ${name}.sqlite
port: 0
tenants:
  - name: contoso
    domains: [contoso.example]
    graph:
      tenantId: contoso.onmicrosoft.com
      clientId: 11111111-2222-3333-4444-555555555555
      clientCertificate: { path: ${certificatePath} }
${extra}`,
  );
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-config-certificates-'));
  [pair, other] = await Promise.all([makePair('passgate-app'), makePair('someone-else')]);
  await mkdir(join(dir, 'certs'));
  await writeFile(join(dir, 'certs/app.pem'), `${pair.key}\n${pair.cert}`, { mode: 0o600 });
  await writeFile(join(dir, 'certs/mismatch.pem'), `${other.key}\n${pair.cert}`, { mode: 0o600 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfigFile() with certificates', () => {
  it("loads a tenant's key and certificate from a path relative to the config, and extra CAs given inline", async () => {
    const ca = `    caCertificates: |\n${`${pair.cert}\n${other.cert}`.replace(/^/gm, '      ')}\n`;
    const file = await configFile(
      'valid',
      'certs/app.pem',
      `mail:\n    host: smtp.contoso.example\n    from: pw@contoso.example\n${ca}`,
    );
    const config = await loadConfigFile(file, env);
    expect(config.tenants[0]?.graph.clientCertificate).toEqual({ path: join(dir, 'certs/app.pem') });
    expect(config.mail?.caCertificates).toBe(`${pair.cert}\n${other.cert}\n`);
  });

  it('refuses a key that is not the certificate’s own, never printing the key', async () => {
    const file = await configFile('mismatch', 'certs/mismatch.pem');
    const error = await loadConfigFile(file, env).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        field: 'tenants[0].graph.clientCertificate.path',
        message: `the private key in ${join(dir, 'certs/mismatch.pem')} does not belong to its certificate: expected the key and certificate of one pair`,
      },
    ]);
    expect((error as Error).message).not.toContain(other.key.split('\n')[1]);
  });
});

describe('passgate with a certificate it cannot use', () => {
  it('refuses to serve with a missing certificate file: exit 78, the field named, no stack', async () => {
    const file = await configFile('missing', 'certs/missing.pem');
    const result = await cliInProcess(['serve', '--config', file], env);
    expect(result).toEqual({
      code: 78,
      out: '',
      err: `Invalid Passgate config:\n  - tenants[0].graph.clientCertificate.path: cannot read ${join(dir, 'certs/missing.pem')}: no such file`,
    });
  });

  // Not serve here: were the check lost, it would start and run until the test times out.
  it('refuses every command that loads the config, e.g. users list and tenants check', async () => {
    const file = await configFile('mismatch-cli', 'certs/mismatch.pem');
    for (const args of [
      ['users', 'list'],
      ['tenants', 'check'],
    ]) {
      const result = await cliInProcess([...args, '--config', file], env);
      expect(result.code).toBe(78);
      expect(result.err).toContain('  - tenants[0].graph.clientCertificate.path: the private key in ');
      expect(result.err).not.toContain(other.key.split('\n')[1]);
    }
  });

  it('refuses an admin CA that is not a certificate, naming the field', async () => {
    const file = await configFile(
      'bad-ca',
      'certs/app.pem',
      'admin:\n  oidc:\n    issuer: https://id.contoso.example\n    clientId: passgate\n    clientSecret: oidc-secret\n    caCertificates: /etc/ssl/certs/internal-ca.pem\n',
    );
    const result = await cliInProcess(['users', 'list', '--config', file], env);
    expect(result).toEqual({
      code: 78,
      out: '',
      err: 'Invalid Passgate config:\n  - admin.oidc.caCertificates: expected one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
    });
  });
});
