import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@passgate/portal';
import { extensionRoutes } from '@passgate/portal/extension-kit';
import type { Hono } from 'hono';
import { parse as parsePlist } from 'plist';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeBuild } from './extension-kit-support/fake-build.js';
import { runExtensionCli } from './extension-kit-support/run-extension-cli.js';

const PORTAL = 'https://passwords.contoso.example';
const TOKEN = 'a'.repeat(20) + 'b'.repeat(20);
const logger = createLogger({ level: 'silent' });

describe('extensionRoutes()', () => {
  let dir: string;
  let build: string;
  let app: Hono;
  let release: { extensionId: string; version: string; crxSha256: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'passgate-kit-routes-'));
    build = await fakeBuild('2.0.1');
    await runExtensionCli(['keygen', '--out', join(dir, 'org.pem')]);
    const artefactsDir = join(dir, 'artefacts');
    await runExtensionCli([
      'pack',
      '--key',
      join(dir, 'org.pem'),
      '--build-dir',
      build,
      '--out-dir',
      artefactsDir,
      '--public-url',
      PORTAL,
    ]);
    release = JSON.parse(await readFile(join(artefactsDir, 'release.json'), 'utf8'));
    app = extensionRoutes({
      publicUrl: PORTAL,
      kit: {
        artefactsDir,
        adminToken: TOKEN,
        managed: { organisationName: 'Contoso' },
        disableIncognito: false,
      },
      organisationName: 'Contoso',
      logger,
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(build, { recursive: true, force: true });
  });

  it('serves a gupdate manifest with the app id, the built version and the CRX codebase', async () => {
    const response = await app.request('/extension/updates.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/xml');
    const xml = await response.text();
    expect(xml).toContain("<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>");
    const check =
      /<app appid='([a-p]{32})'>\s*<updatecheck codebase='([^']+)' version='([^']+)' hash_sha256='([0-9a-f]{64})' \/>/.exec(
        xml,
      );
    expect(check?.slice(1)).toEqual([
      release.extensionId,
      `${PORTAL}/extension/passgate.crx`,
      '2.0.1',
      release.crxSha256,
    ]);
  });

  it('serves the CRX byte for byte', async () => {
    const response = await app.request('/extension/passgate.crx');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-chrome-extension');
    expect(
      Buffer.from(await response.arrayBuffer()).equals(
        await readFile(join(dir, 'artefacts', 'passgate.crx')),
      ),
    ).toBe(true);
  });

  it('answers 404 for the XPI until a signed one is published, and for a portal that never packed', async () => {
    expect((await app.request('/extension/passgate.xpi')).status).toBe(404);
    expect((await app.request('/extension/updates.json')).status).toBe(404);
    const empty = extensionRoutes({
      publicUrl: PORTAL,
      kit: { artefactsDir: join(dir, 'none'), adminToken: null, managed: {}, disableIncognito: false },
      logger,
    });
    const response = await empty.request('/extension/updates.xml');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'NOT_PACKED' });
    expect((await empty.request('/admin/extension/policy?browser=chrome&platform=linux')).status).toBe(404);
  });

  it('serves Firefox its updates.json once the signed XPI is published', async () => {
    expect((await app.request('/extension/updates.json')).status).toBe(404);
    // Stands in for the Mozilla-signed file the admin copies in.
    const signed = Buffer.from('signed xpi bytes');
    await writeFile(join(dir, 'artefacts', 'passgate.xpi'), signed);
    const response = await app.request('/extension/updates.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      addons: {
        // The organisation's own add-on id, which pack wrote into the XPI.
        [`passgate@${new URL(PORTAL).hostname}`]: {
          updates: [
            {
              version: '2.0.1',
              update_link: `${PORTAL}/extension/passgate.xpi`,
              update_hash: `sha256:${createHash('sha256').update(signed).digest('hex')}`,
            },
          ],
        },
      },
    });
    const xpi = await app.request('/extension/passgate.xpi');
    expect(xpi.headers.get('content-type')).toBe('application/x-xpinstall');
    expect(Buffer.from(await xpi.arrayBuffer()).equals(signed)).toBe(true);
  });

  it('refuses, when built, managed defaults in config that no browser would apply', () => {
    const kit = { artefactsDir: dir, adminToken: null, disableIncognito: false };
    expect(() =>
      extensionRoutes({ publicUrl: PORTAL, kit: { ...kit, managed: { enabeld: false } }, logger }),
    ).toThrow(/"enabeld" is not a setting/);
    expect(() =>
      extensionRoutes({ publicUrl: PORTAL, kit: { ...kit, managed: { supportUrl: 'help' } }, logger }),
    ).toThrow(/supportUrl/);
  });

  it('keeps policy downloads behind the admin token', async () => {
    const path = '/admin/extension/policy?browser=chrome&platform=linux';
    const none = await app.request(path);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await app.request(path, { headers: { Authorization: `Bearer ${TOKEN}x` } })).status).toBe(401);
    expect((await app.request(path, { headers: { Authorization: `Basic ${TOKEN}` } })).status).toBe(401);
  });

  it('downloads the policy files with the packed id and the configured managed values', async () => {
    const auth = { headers: { Authorization: `Bearer ${TOKEN}` } };
    const linux = await app.request('/admin/extension/policy?browser=chrome&platform=linux', auth);
    expect(linux.status).toBe(200);
    expect(linux.headers.get('content-disposition')).toBe('attachment; filename="passgate.json"');
    expect((await linux.json())['3rdparty'].extensions[release.extensionId]).toEqual({
      portalUrl: PORTAL,
      organisationName: 'Contoso',
    });

    const mac = await app.request(
      '/admin/extension/policy?browser=edge&platform=macos&disableIncognito=true',
      auth,
    );
    expect(mac.headers.get('content-disposition')).toBe(
      'attachment; filename="passgate-edge-macos.mobileconfig"',
    );
    const profile = parsePlist(await mac.text()) as { PayloadContent: Record<string, unknown>[] };
    expect(profile.PayloadContent[0]).toMatchObject({
      PayloadType: 'com.microsoft.Edge',
      InPrivateModeAvailability: 1,
    });

    const reg = await app.request('/admin/extension/policy?browser=chrome&platform=windows', auth);
    const bytes = Buffer.from(await reg.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);

    const bad = await app.request('/admin/extension/policy?browser=chrome&platform=macos&format=reg', auth);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'UNSUPPORTED_TARGET' });
  });
});
