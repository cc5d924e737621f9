import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  createApp,
  createLogger,
  loadConfigFile,
  openPortal,
  openStore,
} from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliInProcess } from '../support/cli-in-process.js';
import { LOCKDOWN_PERMISSIONS } from '../support/lockdown-scenario.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';

// Certificates are checked when the config is loaded: a bad one is a config error (exit 78, the field
// named) for every command, not a stack trace from `passgate serve` or a TLS failure days later. Their
// dates are not: an expired one is warned about, a FIX in tenants check and a metric, while the portal
// serves on (changes wait in the queue until it is replaced).

let dir: string;
let pair: { key: string; cert: string };
let other: { key: string; cert: string };
let expired: { key: string; cert: string };
let future: { key: string; cert: string };
const env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY };
const DAY = 86_400_000;
// Dates of the test's choosing, far from today whichever day the tests run.
const LONG_AGO = new Date('2001-01-01T00:00:00Z');
const EXPIRED = new Date('2002-02-03T04:05:06Z');
const FAR_OFF = new Date('2190-01-01T00:00:00Z');
const LAST = new Date('2200-01-01T00:00:00Z');

/** A key and its self-signed certificate, valid from `notBefore` to `notAfter`. */
async function makePair(
  name: string,
  notBefore = LONG_AGO,
  notAfter = LAST,
): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: name }], {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
  });
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
  [pair, other, expired, future] = await Promise.all([
    makePair('passgate-app'),
    makePair('someone-else'),
    makePair('passgate-expired', LONG_AGO, EXPIRED),
    makePair('passgate-future', FAR_OFF, LAST),
  ]);
  await mkdir(join(dir, 'certs'));
  await writeFile(join(dir, 'certs/app.pem'), `${pair.key}\n${pair.cert}`, { mode: 0o600 });
  await writeFile(join(dir, 'certs/mismatch.pem'), `${other.key}\n${pair.cert}`, { mode: 0o600 });
  await writeFile(join(dir, 'certs/expired.pem'), `${expired.key}\n${expired.cert}`, { mode: 0o600 });
  await writeFile(join(dir, 'certs/future.pem'), `${future.key}\n${future.cert}`, { mode: 0o600 });
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

  it('loads a certificate that has expired, or is not valid yet: its dates stop nothing', async () => {
    for (const name of ['expired', 'future']) {
      const config = await loadConfigFile(await configFile(name, `certs/${name}.pem`), env);
      expect(config.tenants[0]?.graph.clientCertificate).toEqual({ path: join(dir, `certs/${name}.pem`) });
    }
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

  // Refused, an expired certificate would take the whole portal down at the next restart: every tenant,
  // the console, and every command the admin needs to look into it.
  it('runs commands with an expired certificate, e.g. users list', async () => {
    const file = await configFile('expired-cli', 'certs/expired.pem');
    await (await openStore(join(dir, 'expired-cli.sqlite'), { poolSize: 1 })).close();
    const result = await cliInProcess(['users', 'list', '--config', file], env);
    expect(result).toMatchObject({ code: 0, err: '' });
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

describe('a certificate outside its dates, against the emulator', () => {
  let emulator: M365Emulator;
  beforeAll(async () => {
    emulator = await startM365Emulator();
  });
  afterAll(async () => {
    await emulator.close();
  });

  /**
   * A config file for a tenant in the emulator signing in with `certificate`, whose app knows `registered`
   * (by default the same), with metrics on; and its database, migrated.
   */
  async function emulatedTenant(
    name: string,
    certificate: { key: string; cert: string },
    registered = certificate,
  ): Promise<{ file: string; env: Record<string, string> }> {
    const domain = `${name}.example`;
    const { id: tenantId } = emulator.addTenant({ name, domains: [{ name: domain }] });
    const { clientId } = emulator.addApp(tenantId, {
      certificatePem: registered.cert,
      permissions: LOCKDOWN_PERMISSIONS,
    });
    await writeFile(join(dir, `certs/${name}.pem`), `${certificate.key}\n${certificate.cert}`, {
      mode: 0o600,
    });
    const graph = {
      tenantId,
      clientId,
      cloud: emulator.cloud,
      caCertificates: emulator.caCertificatePem,
      clientCertificate: { path: `certs/${name}.pem` },
    };
    const file = join(dir, `${name}.yaml`);
    await writeFile(
      file,
      `publicUrl: https://passwords.contoso.example\nmetrics: { enabled: true }\ntenants:\n  - name: ${name}\n    domains: [${domain}]\n    graph: ${JSON.stringify(graph)}\n`,
    );
    const database = join(dir, `${name}.sqlite`);
    await (await openStore(database, { poolSize: 1 })).close();
    return { file, env: { ...env, PASSGATE_DATABASE: database } };
  }

  /** `passgate tenants check --deep` on a tenant made by emulatedTenant. */
  async function deepCheck(
    name: string,
    certificate: { key: string; cert: string },
    options: { json?: boolean; registered?: { key: string; cert: string } } = {},
  ): Promise<CliResult> {
    const tenant = await emulatedTenant(name, certificate, options.registered);
    const json = options.json ? ['--json'] : [];
    return cliInProcess(['tenants', 'check', '--deep', ...json, '--config', tenant.file], tenant.env);
  }

  it('starts the portal with an expired certificate: a warning on its clock, and the date on /metrics', async () => {
    const tenant = await emulatedTenant('started', pair);
    const config = await loadConfigFile(tenant.file, tenant.env);
    const lines: string[] = [];
    const logger = createLogger({
      level: 'warn',
      destination: { write: (line: string) => lines.push(line) },
    });
    // The portal's clock, one second past the certificate's last (the real one is long before it).
    const now = new Date(LAST.getTime() + 1000);
    const portal = await openPortal(config, { logger, now: () => now, startWorker: false });
    try {
      const warnings = lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(warnings).toContainEqual(
        expect.objectContaining({
          level: 40,
          msg: `tenants[0].graph.clientCertificate (tenant started): the certificate expired on 2200-01-01 00:00 UTC; no password reaches Microsoft 365 until it is replaced (every token request fails with AUTH_FAILED; changes wait in the queue and go out once it is): upload a new certificate to the app registration in Entra ID (Certificates & secrets), then point clientCertificate.path at its PEM file (key and certificate) and restart the portal`,
        }),
      );
      const app = createApp({
        config,
        accounts: portal.accounts,
        logger,
        ...(portal.metrics ? { metrics: portal.metrics } : {}),
      });
      const response = await app.request(new URL('/metrics', config.publicUrl).href);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(
        new RegExp(
          `^passgate_graph_certificate_expiry_timestamp_seconds\\{tenant="started"\\} ${LAST.getTime() / 1000}$`,
          'm',
        ),
      );
    } finally {
      await portal.close();
    }
  });

  it('says when the certificate expires in tenants check --deep: ok with the date beyond 30 days, FIX within them', async () => {
    const far = await deepCheck('far', pair);
    expect(far.out).toContain('  Client certificate (graph.clientCertificate):');
    expect(far.out).toMatch(/^ {4}ok {4}expires on 2200-01-01 00:00 UTC, in \d+ days$/m);
    const json = JSON.parse((await deepCheck('far-json', pair, { json: true })).out);
    expect(json).toMatchObject({ tenant: 'far-json', certificateExpiresAt: '2200-01-01T00:00:00.000Z' });

    // Ten and a half days from the real now: the CLI counts from the real clock, as it has no other.
    const soon = await deepCheck(
      'soon',
      await makePair('passgate-soon', LONG_AGO, new Date(Date.now() + 10.5 * DAY)),
    );
    expect(soon.code).toBe(1);
    expect(soon.out).toMatch(
      /^ {4}FIX {3}expires on \S+ \S+ UTC, in 10 days; from then on no password reaches Microsoft 365 \(AUTH_FAILED, changes wait in the queue\): upload a new certificate to the app registration in Entra ID/m,
    );
  });

  it('fails the sign-in with an expired certificate in tenants check --deep (exit 1), and names the date under it', async () => {
    // Entra ID, and so the emulator, refuses a registered certificate past its end date (AADSTS700027):
    // the sign-in fails, and the certificate section says why.
    const expiredKnown = await deepCheck('expired-known', expired);
    expect(expiredKnown.code).toBe(1);
    expect(expiredKnown.out.split('\n')).toEqual([
      expect.stringMatching(
        /^FAILED {2}expired-known \(expired-known\.example\): AUTH_FAILED: .*\(invalid_client, AADSTS700027\)/,
      ),
      '  Client certificate (graph.clientCertificate):',
      expect.stringMatching(
        /^ {4}FIX {3}expired on 2002-02-03 04:05 UTC; no password reaches Microsoft 365 until it is replaced /,
      ),
    ]);
    // Refused for another reason (a certificate the app does not know), the date is named all the same.
    const refused = await deepCheck('expired-refused', expired, { registered: pair });
    expect(refused.code).toBe(1);
    expect(refused.out.split('\n')).toEqual([
      expect.stringMatching(/^FAILED {2}expired-refused \(expired-refused\.example\): AUTH_FAILED: /),
      '  Client certificate (graph.clientCertificate):',
      expect.stringMatching(
        /^ {4}FIX {3}expired on 2002-02-03 04:05 UTC; no password reaches Microsoft 365 /,
      ),
    ]);
  });

  it('fails the sign-in with a certificate not valid yet in tenants check --deep (exit 1), and names its start under it', async () => {
    // Entra ID, and so the emulator, refuses a certificate before its notBefore as it refuses one past
    // its notAfter (AADSTS700027): the section under the failure says to check the clock and the dates.
    const early = await deepCheck('not-yet', future);
    expect(early.code).toBe(1);
    expect(early.out.split('\n')).toEqual([
      expect.stringMatching(
        /^FAILED {2}not-yet \(not-yet\.example\): AUTH_FAILED: .*\(invalid_client, AADSTS700027\)/,
      ),
      '  Client certificate (graph.clientCertificate):',
      expect.stringMatching(
        /^ {4}FIX {3}is not valid until 2190-01-01 00:00 UTC; no password reaches Microsoft 365 until then .*: check this server's clock, and the dates the certificate was made with$/,
      ),
    ]);
  });
});
