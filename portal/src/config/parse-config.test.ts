import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig, tenantSecretEnvName } from './portal-config.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const graph = {
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  clientSecret: 'file-secret',
};
const base = { publicUrl: 'https://passwords.contoso.com/', secretKey: KEY };

function problems(input: unknown, env: Record<string, string> = {}): string[] {
  try {
    parseConfig(input, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('parseConfig()', () => {
  it('fills every default from a minimal config', () => {
    const config = parseConfig(base, {});
    expect(config.publicUrl).toBe('https://passwords.contoso.com');
    expect(config.port).toBe(8787);
    expect(config.secretKey).toEqual(Buffer.from(KEY, 'hex'));
    expect(config.policy.minLength).toBe(12);
    expect(config.tenants).toEqual([]);
    expect(config.organisation).toEqual({
      name: 'Passgate',
      logoPath: null,
      supportText: null,
      supportUrl: null,
    });
    expect(config.demo).toBe(false);
  });

  it('refuses a missing secret key and says how to make one', () => {
    const [problem] = problems({ publicUrl: 'https://p.example.com' });
    expect(problem).toMatch(/^secretKey: required: .*openssl rand -hex 32.*PASSGATE_SECRET_KEY/);
  });

  it('says "required" only of a field that is missing, not of one with the wrong type', () => {
    expect(problems({ ...base, trustProxy: 'yes' })).toEqual([
      'trustProxy: expected true only when a reverse proxy sets X-Forwarded-For',
    ]);
    expect(problems({ secretKey: KEY })).toEqual([expect.stringMatching(/^publicUrl: required: /)]);
  });

  it('refuses a weak or malformed secret key', () => {
    expect(problems({ ...base, secretKey: '0'.repeat(64) })).toEqual([
      expect.stringMatching(/^secretKey: the key is too regular/),
    ]);
    expect(problems({ ...base, secretKey: 'abc' })).toEqual([
      expect.stringMatching(/^secretKey: expected a 64-character hex key/),
    ]);
    expect(problems({ ...base, secretKey: '0123456789abcdef'.repeat(4) })).toEqual([
      expect.stringMatching(/example key/),
    ]);
  });

  it('takes the secret key, database and tenant secrets from the environment', () => {
    const env = {
      PASSGATE_SECRET_KEY: KEY,
      PASSGATE_DATABASE: '/var/lib/passgate/db.sqlite',
      [tenantSecretEnvName('contoso-eu')]: 'env-secret',
    };
    const { clientSecret: _, ...graphWithoutSecret } = graph;
    const config = parseConfig(
      {
        publicUrl: base.publicUrl,
        tenants: [{ name: 'contoso-eu', domains: ['contoso.com'], graph: graphWithoutSecret }],
      },
      env,
    );
    expect(tenantSecretEnvName('contoso-eu')).toBe('PASSGATE_TENANT_CONTOSO_EU_CLIENT_SECRET');
    expect(config.secretKey.toString('hex')).toBe(KEY);
    expect(config.database).toBe('/var/lib/passgate/db.sqlite');
    expect(config.tenants[0]?.graph.clientSecret).toBe('env-secret');
    expect(config.tenants[0]?.onExpiry).toBe('suspend');
  });

  it('refuses a domain claimed by two tenants, naming both', () => {
    const tenants = [
      { name: 'a', domains: ['contoso.com'], graph },
      { name: 'b', domains: ['fabrikam.com', 'Contoso.com'], graph },
    ];
    expect(problems({ ...base, tenants })).toEqual([
      'tenants[1].domains[1]: domain contoso.com is also claimed by tenant "a"; a domain belongs to one tenant only',
    ]);
  });

  it('names misspelt fields and bad nested values without echoing secrets', () => {
    const found = problems({
      ...base,
      prot: 1,
      policy: { minLength: 2000 },
      tenants: [{ name: 'x', domains: ['@bad'], graph: { ...graph, clientId: 'nope' } }],
    });
    expect(found).toContain('prot: unknown field (check the spelling)');
    expect(found.some((p) => p.startsWith('policy.minLength: expected a whole number'))).toBe(true);
    expect(found.some((p) => p.startsWith('tenants[0].domains[0]: expected an e-mail domain'))).toBe(true);
    expect(
      found.some((p) => p.startsWith('tenants[0].graph.clientId: expected the application (client) ID')),
    ).toBe(true);
    expect(found.join('\n')).not.toContain('file-secret');
  });

  it('refuses a sync lease shorter than the Graph requests one job may make, naming both fields', () => {
    const tenants = [
      { name: 'quick', domains: ['contoso.com'], graph: { ...graph, timeoutMs: 2_000 } },
      { name: 'slow', domains: ['fabrikam.com'], graph: { ...graph, timeoutMs: 300_000 } },
    ];
    const found = problems({ ...base, tenants, sync: { leaseSeconds: 5 } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^sync\.leaseSeconds: /);
    expect(found[0]).toContain('tenants[1].graph.timeoutMs');
    expect(found[0]).toContain('at least 1800');
    // Enough lease for six of the slowest tenant's requests is accepted, as are the defaults.
    expect(problems({ ...base, tenants, sync: { leaseSeconds: 1800 } })).toEqual([]);
    expect(problems({ ...base, tenants: [{ name: 'd', domains: ['contoso.com'], graph }] })).toEqual([]);
  });

  it('leases a mail being sent for 60 s unless told, and never for less than one SMTP delivery', () => {
    expect(parseConfig(base, {}).mailQueue).toEqual({ leaseSeconds: 60 });
    expect(parseConfig({ ...base, mailQueue: { leaseSeconds: 300 } }, {}).mailQueue.leaseSeconds).toBe(300);
    expect(problems({ ...base, mailQueue: { leaseSeconds: 10 } })).toEqual([
      'mailQueue.leaseSeconds: expected a whole number from 30 to 3600',
    ]);
  });

  it('bounds how long a client may take to send a request, and keeps the headers within the request', () => {
    expect(parseConfig(base, {}).http).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 20_000,
      keepAliveTimeoutMs: 5_000,
    });
    expect(problems({ ...base, http: { requestTimeoutMs: 10_000, headersTimeoutMs: 20_000 } })).toEqual([
      'http.headersTimeoutMs: expected at most http.requestTimeoutMs: the headers are part of the request',
    ]);
  });

  it('asks for a proof of work by default, and refuses a difficulty or threshold out of range', () => {
    expect(parseConfig(base, {}).bots).toEqual({
      challenge: true,
      signInFailuresBeforeChallenge: 5,
      failureWindowSeconds: 900,
      difficulty: 600,
      challengeMinutes: 10,
    });
    expect(
      problems({ ...base, bots: { difficulty: 0, signInFailuresBeforeChallenge: -1, widget: true } }),
    ).toEqual([
      'bots.signInFailuresBeforeChallenge: expected a whole number from 0 to 10000',
      'bots.difficulty: expected a whole number from 1 to 10000000',
      'bots.widget: unknown field (check the spelling)',
    ]);
  });

  it('takes the extension downloads token from the environment', () => {
    const token = 'feed'.repeat(8);
    expect(parseConfig(base, {}).extension.adminToken).toBeNull();
    expect(parseConfig(base, { PASSGATE_EXTENSION_ADMIN_TOKEN: token }).extension.adminToken).toBe(token);
    expect(problems(base, { PASSGATE_EXTENSION_ADMIN_TOKEN: 'short' })).toEqual([
      'extension.adminToken: expected a random token of at least 32 characters, letters, digits and - . _ ~ + / only (e.g. openssl rand -hex 32)',
    ]);
  });

  it('keeps metrics off by default, and takes their token from the environment', () => {
    expect(parseConfig(base, {}).metrics).toEqual({ enabled: false, bearerToken: null });
    const token = 'c0ffee'.repeat(6);
    const config = parseConfig({ ...base, metrics: { enabled: true } }, { PASSGATE_METRICS_TOKEN: token });
    expect(config.metrics).toEqual({ enabled: true, bearerToken: token });
    expect(
      problems({ ...base, metrics: { enabled: true } }, { PASSGATE_METRICS_TOKEN: 'short-token' }),
    ).toEqual([
      'metrics.bearerToken: expected a random token of at least 32 characters, letters, digits and - . _ ~ + / only (e.g. openssl rand -hex 32)',
    ]);
    // A space can never arrive in `Authorization: Bearer …` as the portal reads it: every request refused.
    expect(
      problems(
        { ...base, metrics: { enabled: true } },
        { PASSGATE_METRICS_TOKEN: 'correct horse battery staple 1234567' },
      ),
    ).toEqual([
      'metrics.bearerToken: expected a random token of at least 32 characters, letters, digits and - . _ ~ + / only (e.g. openssl rand -hex 32)',
    ]);
    expect(problems({ ...base, metrics: { enabled: 'yes' } })).toEqual([
      'metrics.enabled: expected true to serve /metrics, or false',
    ]);
  });

  it('takes extra CA certificates for SMTP and the identity provider, and names which one cannot be read', () => {
    const [first = '', second = ''] = rootCertificates;
    const mail = { host: 'smtp.contoso.com', from: 'pw@contoso.com' };
    const oidc = { issuer: 'https://id.contoso.com', clientId: 'passgate', clientSecret: 'oidc-secret' };
    const bundle = `${first}\n${second}`;
    const config = parseConfig(
      {
        ...base,
        mail: { ...mail, caCertificates: bundle },
        admin: { oidc: { ...oidc, caCertificates: first } },
      },
      {},
    );
    expect(config.mail?.caCertificates).toBe(bundle);
    expect(config.admin.oidc?.caCertificates).toBe(first);
    expect(parseConfig({ ...base, mail }, {}).mail?.caCertificates).toBeNull();
    const lines = second.split('\n');
    lines.splice(3, 1);
    expect(
      problems({
        ...base,
        mail: { ...mail, caCertificates: `${first}\n${lines.join('\n')}` },
        admin: { oidc: { ...oidc, caCertificates: '/etc/ssl/internal-ca.pem' } },
      }),
    ).toEqual([
      'mail.caCertificates: certificate 2 of 2 cannot be read as an X.509 certificate: a line is missing or changed',
      'admin.oidc.caCertificates: expected one or more PEM certificates (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----)',
    ]);
  });

  it('takes a PostgreSQL URL as it is, and refuses one that does not parse', () => {
    expect(problems({ ...base, database: 'postgres://u:p@h:5432/db?sslmode=verify-full' })).toEqual([]);
    expect(problems({ ...base, database: 'postgres://u:p@h:notaport/db' })).toEqual([
      expect.stringMatching(/^database: expected a PostgreSQL URL like postgres:\/\//),
    ]);
  });

  it('refuses a PostgreSQL URL without // or a host, without echoing its password', () => {
    for (const database of [
      'postgres:/app:AppPwSecret1@127.0.0.1:55432/pg1',
      'postgresql:app:AppPwSecret1@127.0.0.1:55432/pg1',
      'postgres:///pg1?password=AppPwSecret1',
    ]) {
      const found = problems({ ...base, database });
      expect(found).toEqual([
        expect.stringMatching(/^database: expected a PostgreSQL URL like postgres:\/\//),
      ]);
      expect(found.join('\n')).not.toContain('AppPwSecret1');
    }
  });
});

describe('parseConfig() with secrets in files (<NAME>_FILE)', () => {
  async function secretFile(content: string): Promise<string> {
    const file = join(await mkdtemp(join(tmpdir(), 'passgate-credential-')), 'secret');
    await writeFile(file, content, { mode: 0o600 });
    return file;
  }

  it('reads each secret from the file its _FILE variable names, dropping one trailing line break', async () => {
    const token = 'c0ffee'.repeat(6);
    const env = {
      PASSGATE_SECRET_KEY_FILE: await secretFile(`${KEY}\n`),
      PASSGATE_DATABASE_FILE: await secretFile('postgres://passgate:pw@db.internal:5432/passgate'),
      PASSGATE_MAIL_PASSWORD_FILE: await secretFile('smtp pass with spaces \r\n'),
      PASSGATE_METRICS_TOKEN_FILE: await secretFile(token),
      PASSGATE_EXTENSION_ADMIN_TOKEN_FILE: await secretFile(`${token}\n`),
      [`${tenantSecretEnvName('contoso-eu')}_FILE`]: await secretFile('tenant-secret\n'),
    };
    const { clientSecret: _, ...graphWithoutSecret } = graph;
    const config = parseConfig(
      {
        publicUrl: base.publicUrl,
        mail: { host: 'smtp.contoso.com', from: 'pw@contoso.com', user: 'pw' },
        tenants: [{ name: 'contoso-eu', domains: ['contoso.com'], graph: graphWithoutSecret }],
      },
      env,
    );
    expect(config.secretKey.toString('hex')).toBe(KEY);
    expect(config.database).toBe('postgres://passgate:pw@db.internal:5432/passgate');
    expect(config.mail?.password).toBe('smtp pass with spaces ');
    expect(config.metrics.bearerToken).toBe(token);
    expect(config.extension.adminToken).toBe(token);
    expect(config.tenants[0]?.graph.clientSecret).toBe('tenant-secret');
  });

  it('refuses a secret given both ways, a missing or empty file, naming the variable and never the value', async () => {
    const empty = await secretFile('\n');
    const found = problems(base, {
      PASSGATE_SECRET_KEY_FILE: await secretFile(KEY),
      PASSGATE_SECRET_KEY: KEY,
      PASSGATE_MAIL_PASSWORD_FILE: '/nonexistent/mail-password',
      PASSGATE_METRICS_TOKEN_FILE: empty,
    });
    expect(found).toEqual([
      'environment PASSGATE_SECRET_KEY_FILE: set PASSGATE_SECRET_KEY or PASSGATE_SECRET_KEY_FILE, not both',
      'environment PASSGATE_MAIL_PASSWORD_FILE: /nonexistent/mail-password: no such file',
      `environment PASSGATE_METRICS_TOKEN_FILE: ${empty} is empty`,
    ]);
    expect(found.join('\n')).not.toContain(KEY);
  });

  it('says why a secret file cannot be read in the words every file read uses, with the code where it has none', async () => {
    const folder = dirname(await secretFile(KEY));
    const loop = join(folder, 'loop');
    await symlink(loop, loop);
    const underFile = join(folder, 'secret', 'token');
    expect(
      problems(base, {
        PASSGATE_MAIL_PASSWORD_FILE: folder,
        PASSGATE_METRICS_TOKEN_FILE: loop,
        PASSGATE_EXTENSION_ADMIN_TOKEN_FILE: underFile,
      }),
    ).toEqual([
      `environment PASSGATE_MAIL_PASSWORD_FILE: ${folder}: is a folder, expected a file`,
      `environment PASSGATE_METRICS_TOKEN_FILE: ${loop}: it goes through too many symbolic links (a loop?)`,
      `environment PASSGATE_EXTENSION_ADMIN_TOKEN_FILE: ${underFile}: cannot be read (ENOTDIR)`,
    ]);
  });

  it('leaves other _FILE variables alone', () => {
    expect(
      problems(base, { PASSGATE_CONFIG_FILE: '/nonexistent', PASSGATE_PUBLIC_URL_FILE: '/nonexistent' }),
    ).toEqual([]);
  });
});

describe('loadConfigFile()', () => {
  it('reads YAML and resolves the database path against the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-config-'));
    const file = join(dir, 'passgate.yaml');
    await writeFile(
      file,
      `publicUrl: https://p.example.com\ndatabase: data/p.sqlite\norganisation:\n  name: Contoso\n`,
    );
    const config = await loadConfigFile(file, { PASSGATE_SECRET_KEY: KEY });
    expect(config.database).toBe(join(dir, 'data/p.sqlite'));
    expect(config.organisation.name).toBe('Contoso');
  });

  it('defaults the account-state settings and resolves mailDir and the extension paths against the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-config-'));
    const file = join(dir, 'passgate.yaml');
    await writeFile(
      file,
      `publicUrl: https://p.example.com\nmailDir: outbox-mail\nextension:\n  buildDir: ext/dist\n`,
    );
    const config = await loadConfigFile(file, { PASSGATE_SECRET_KEY: KEY });
    expect(config.mailDir).toBe(join(dir, 'outbox-mail'));
    expect(config.extension.keyPath).toBe(join(dir, 'passgate-extension-key.pem'));
    expect(config.extension.artefactsDir).toBe(join(dir, 'extension-artefacts'));
    expect(config.extension.buildDir).toBe(join(dir, 'ext/dist'));
    expect(config.revokeSessionsOnReset).toBe(true);
    expect(config.links).toEqual({ resetMinutes: 30, activationDays: 7, sessionMinutes: 15 });
  });

  it("resolves a tenant's certificate file against the config's folder, not the working directory", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-config-'));
    const file = join(dir, 'passgate.yaml');
    const { clientSecret: _, ...withoutSecret } = graph;
    const tenant = {
      name: 'contoso',
      domains: ['contoso.com'],
      graph: { ...withoutSecret, clientCertificate: { path: 'certs/passgate.pem' } },
    };
    await writeFile(file, JSON.stringify({ publicUrl: 'https://p.example.com', tenants: [tenant] }));
    // The file is read as the config loads (a pair that is read is in test/integration/config-certificates.test.ts).
    const error = await loadConfigFile(file, { PASSGATE_SECRET_KEY: KEY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        field: 'tenants[0].graph.clientCertificate.path',
        message: `cannot read ${join(dir, 'certs/passgate.pem')}: no such file`,
      },
    ]);
  });

  it("refuses a tenant's certificate file that holds no certificate, naming the tenant's field", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-config-'));
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string;
    await writeFile(join(dir, 'app.pem'), key);
    const { clientSecret: _, ...withoutSecret } = graph;
    const tenants = [
      { name: 'contoso', domains: ['contoso.com'], graph },
      {
        name: 'fabrikam',
        domains: ['fabrikam.com'],
        graph: { ...withoutSecret, clientCertificate: { path: 'app.pem' } },
      },
    ];
    const file = join(dir, 'passgate.json');
    await writeFile(file, JSON.stringify({ publicUrl: 'https://p.example.com', tenants }));
    const error = await loadConfigFile(file, { PASSGATE_SECRET_KEY: KEY }).catch((e: unknown) => e);
    expect((error as ConfigError).problems).toEqual([
      {
        field: 'tenants[1].graph.clientCertificate.path',
        message: `expected ${join(dir, 'app.pem')} to be a PEM file holding both the private key and the certificate`,
      },
    ]);
    expect((error as Error).message).not.toContain(key.split('\n')[1]);
  });

  it('refuses a file that does not parse, without quoting its content', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'passgate-config-'));
    const file = join(dir, 'passgate.json');
    await writeFile(file, '{"secretKey": "hunter2-secret",');
    const error = await loadConfigFile(file, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('is not valid JSON');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
