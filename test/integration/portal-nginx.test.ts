import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, openStore, readAudit } from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateEmulatorCertificates } from '../m365-emulator/src/tls.js';
import { formClient } from '../support/browser-like.js';
import { addEmulatedTenant } from '../support/emulated-tenant.js';
import { freePort } from '../support/free-port.js';
import { findNginx, type NginxProcess, startNginx } from '../support/nginx-process.js';
import { type PortalProcess, startPortalProcess } from '../support/portal-process.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import { createPostgresDatabase } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

// The shipped nginx example (deploy/nginx/passgate.conf) in front of two `passgate serve` processes on
// one database, over HTTPS: only its addresses, ports and certificate paths are changed for the test.

const SHIPPED = readFileSync(new URL('../../deploy/nginx/passgate.conf', import.meta.url), 'utf8');
const EMAIL = 'ada.nginx@contoso.example';
const OLD = 'Harbour-Lantern-73!';
const NEW = 'Quartz-Lagoon-Ferry-62';
const METRICS_TOKEN = '9e1b7c3a5f2d4e6081a3c5e7f9b1d3a5';
// The client connects from its own loopback address, so the one nginx saw (and passes on in
// X-Forwarded-For) differs from the one the portal's socket sees (nginx's, 127.0.0.1).
const CLIENT_ADDRESS = '127.0.0.5';

/** Replaces `pattern` in `text`, insisting it is there: a changed example must fail here, not go untested. */
function swap(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`deploy/nginx/passgate.conf no longer has ${pattern}`);
  return text.replace(pattern, replacement);
}

function renderForTest(
  ports: { https: number; http: number; instances: number[] },
  tls: { certificate: string; key: string; accessLog: string },
): string {
  let conf = swap(
    SHIPPED,
    /^( *)server 10\.0\.0\.11:8787 (.*);\n(?: *server 10\.0\.0\.\d+:8787 .*;\n)*/m,
    ports.instances.map((port) => `$1server 127.0.0.1:${port} $2;\n`).join(''),
  );
  conf = swap(conf, /^ *listen \[::\]:80;\n/m, '');
  conf = swap(conf, /^ *listen \[::\]:443 ssl;\n/m, '');
  conf = swap(conf, /listen 80;/, `listen 127.0.0.1:${ports.http};`);
  conf = swap(conf, /listen 443 ssl;/, `listen 127.0.0.1:${ports.https} ssl;`);
  conf = swap(conf, /ssl_certificate \S+;/, `ssl_certificate ${tls.certificate};`);
  conf = swap(conf, /ssl_certificate_key \S+;/, `ssl_certificate_key ${tls.key};`);
  conf = swap(conf, /access_log \S+ passgate_no_query;/, `access_log ${tls.accessLog} passgate_no_query;`);
  // As Debian's own nginx.conf has it in the http block: the example must switch it off for the portal.
  return `gzip on;\ngzip_types text/css application/javascript text/javascript;\n${conf}`;
}

const nginxBin = findNginx();
if (nginxBin === null && process.env.CI)
  throw new Error('nginx is not installed (apt-get install nginx): CI must run the reverse-proxy test');
if (nginxBin === null) console.warn('nginx is not installed (apt-get install nginx): its test is skipped');

describe.skipIf(nginxBin === null)('deploy/nginx/passgate.conf in front of two portal processes', () => {
  let emulator: M365Emulator | undefined;
  let tenantId = '';
  const portals: PortalProcess[] = [];
  let nginx: NginxProcess | undefined;
  let dir = '';
  let database = '';
  let base = '';
  let plainBase = '';
  let instanceUrls: string[] = [];
  let dispatcher: Agent | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'passgate-nginx-'));
    emulator = await startM365Emulator();
    const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
    tenantId = tenant.tenantId;
    emulator.addUser(tenantId, { userPrincipalName: EMAIL, password: OLD });
    // PostgreSQL is what several instances share in production; SQLite serves when the run has no cluster.
    database =
      inject('postgresBaseUrl') === '' ? join(dir, 'passgate.sqlite') : await createPostgresDatabase('nginx');
    const seed = await openStore(database);
    await addUser(seed.db, { email: EMAIL, password: OLD }, new Date());
    await seed.close();

    // Secrets as a service manager hands them over: files named by <NAME>_FILE.
    const secret = async (name: string, value: string): Promise<string> => {
      const path = join(dir, name);
      await writeFile(path, `${value}\n`, { mode: 0o600 });
      return path;
    };
    const { clientSecret, ...graph } = tenant.graph;
    const env = {
      PASSGATE_SECRET_KEY_FILE: await secret('secret-key', TEST_SECRET_KEY),
      PASSGATE_DATABASE_FILE: await secret('database', database),
      PASSGATE_TENANT_CONTOSO_CLIENT_SECRET_FILE: await secret('tenant-contoso', clientSecret),
      PASSGATE_METRICS_TOKEN_FILE: await secret('metrics-token', METRICS_TOKEN),
    };
    const configPath = join(dir, 'passgate.json');
    await writeFile(
      configPath,
      JSON.stringify({
        publicUrl: 'https://127.0.0.1',
        host: '127.0.0.1',
        trustProxy: true,
        tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: { ...graph, timeoutMs: 5_000 } }],
        // A busy 2-core machine: the person waits long enough to see the change applied.
        sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 10_000 },
        metrics: { enabled: true },
      }),
    );
    const instancePorts = [await freePort(), await freePort()];
    instanceUrls = instancePorts.map((port) => `http://127.0.0.1:${port}`);
    portals.push(
      ...(await Promise.all(
        instancePorts.map((port, i) =>
          startPortalProcess(configPath, { ...env, PASSGATE_PORT: String(port) }, instanceUrls[i] ?? ''),
        ),
      )),
    );

    const certificates = await generateEmulatorCertificates();
    const tls = {
      certificate: await secret('tls-certificate.pem', certificates.serverCertificatePem),
      key: await secret('tls-key.pem', certificates.serverKeyPem),
      accessLog: join(dir, 'access.log'),
    };
    const ports = { https: await freePort(), http: await freePort(), instances: instancePorts };
    nginx = await startNginx(nginxBin ?? '', dir, renderForTest(ports, tls));
    base = `https://127.0.0.1:${ports.https}`;
    plainBase = `http://127.0.0.1:${ports.http}`;
    dispatcher = new Agent({ connect: { ca: certificates.caCertificatePem }, localAddress: CLIENT_ADDRESS });
    const proxy = nginx;
    await waitUntil(async () => {
      if (proxy.child.exitCode !== null) throw new Error(`nginx exited at start:\n${await proxy.errorLog()}`);
      return (await get('/healthz').catch(() => null))?.status === 200;
    }, 30_000);
  }, 240_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(portals.map((portal) => portal.stop()));
    await dispatcher?.close();
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${base}${path}`, { dispatcher, headers, redirect: 'manual' } as RequestInit);
  }

  it('answers /readyz through nginx once the shared database is migrated', async () => {
    const response = await get('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('changes a password over HTTPS through nginx, each step on whichever instance nginx picks', async () => {
    const client = formClient(base, {
      origin: 'https://127.0.0.1',
      // A client's own claim is replaced by the address nginx saw.
      headers: { 'x-forwarded-for': '203.0.113.9' },
      fetchOptions: { dispatcher },
    });
    const page = await client.get('/change');
    expect(page.status).toBe(200);
    const result = await client.post('/change', {
      email: EMAIL,
      currentPassword: OLD,
      newPassword: NEW,
      confirmPassword: NEW,
    });
    expect(result.status, result.html.slice(0, 500)).toBe(303);
    // Through the proxy too, the outcome page reads what the POST left for this browser.
    const outcome = await client.get(result.location ?? '');
    expect([200, 202], outcome.html.slice(0, 500)).toContain(outcome.status);
    await waitUntil(() => emulator?.verifyPassword(tenantId, EMAIL, NEW) ?? false, 30_000);

    // No sticky sessions: the form came from one instance and was posted to the other (nginx takes
    // turns). Their request lines reach this process through pipes, a moment after the answers.
    await waitUntil(() => portals.every((portal) => portal.output.join('').includes('"path":"/change"')));

    const store = await openStore(database);
    try {
      const events = [];
      for await (const event of readAudit(store.db, { username: EMAIL })) events.push(event);
      const accepted = events.find((event) => event.event_type === 'user_password_change_request');
      expect(accepted?.client_ip).toBe(CLIENT_ADDRESS);
    } finally {
      await store.close();
    }
  });

  it('keeps /metrics from the world, while each instance serves it to the token', async () => {
    expect((await get('/metrics', { authorization: `Bearer ${METRICS_TOKEN}` })).status).toBe(404);
    let changes = 0;
    for (const url of instanceUrls) {
      const response = await fetch(`${url}/metrics`, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain('passgate_database_up 1');
      expect(text).toMatch(/^passgate_outbox_jobs\{kind="set_password",status="queued"\} \d+$/m);
      for (const match of text.matchAll(
        /^passgate_password_changes_total\{outcome="(?:applied|queued)".*\} (\d+)$/gm,
      ))
        changes += Number(match[1]);
      expect(text).not.toContain(EMAIL);
    }
    expect(changes).toBe(1);
  });

  it('refuses a body over the portal’s 16 KiB limit in nginx already', async () => {
    const response = await fetch(`${base}/change`, {
      dispatcher,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://127.0.0.1' },
      body: `email=${'a'.repeat(17 * 1024)}`,
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get('server')).toBe('nginx');
  });

  it('keeps link tokens out of the access log', async () => {
    const token = 'Never-In-The-Log-0123456789abcdefghijklmnopqrstuvw';
    const response = await get(`/reset/confirm?token=${token}`);
    await response.body?.cancel();
    await waitUntil(async () =>
      (await readFile(join(dir, 'access.log'), 'utf8').catch(() => '')).includes('/reset/confirm'),
    );
    const log = await readFile(join(dir, 'access.log'), 'utf8');
    expect(log).toContain('"GET /reset/confirm HTTP/1.1"');
    expect(log).not.toContain(token);
  });

  it('never compresses a page, and passes the portal’s compressed assets on as sent', async () => {
    const page = await get('/change?from=https%3A%2F%2Fmysignins.microsoft.com%2Fsecurity-info', {
      'accept-encoding': 'gzip, deflate, br',
    });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-encoding')).toBeNull();
    const html = await page.text();
    expect(html).toContain('name="_csrf"');
    const css = /href="(\/assets\/passgate\.css\?v=\w+)"/.exec(html)?.[1] ?? '';
    const asset = await get(css, { 'accept-encoding': 'gzip, deflate, br' });
    expect(asset.headers.get('content-encoding')).toBe('br');
    expect(asset.headers.get('vary')).toContain('Accept-Encoding');
    expect(await asset.text()).toMatch(/prefers-color-scheme: ?dark/);
  });

  it('sends plain http to https', async () => {
    const response = await fetch(`${plainBase}/change?from=x`, { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('https://127.0.0.1/change?from=x');
  });
});
