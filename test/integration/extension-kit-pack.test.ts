import { createHash, createPublicKey, verify } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromeExtensionId } from '@passgate/core/m365';
import { runExtensionCommand } from '@passgate/portal/extension-kit';
import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBuild } from './extension-kit-support/fake-build.js';
import { readCrx3 } from './extension-kit-support/read-crx3.js';
import { runExtensionCli } from './extension-kit-support/run-extension-cli.js';

// fileURLToPath, not URL.pathname: a checkout under a folder with a space in its name has it as %20 there.
const DEV_KEY = fileURLToPath(new URL('../../extension/test-fixtures/dev-key.pem', import.meta.url));

function le32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

describe('passgate extension keygen and pack', () => {
  let dir: string;
  let build: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'passgate-kit-'));
    build = await fakeBuild('1.2.3');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(build, { recursive: true, force: true });
  });

  it('writes an RSA 2048 PKCS#8 key readable by its owner only and prints the id it yields', async () => {
    const keyPath = join(dir, 'nested', 'org.pem');
    const run = await runExtensionCli(['keygen', '--out', keyPath]);
    expect(run.code).toBe(0);
    const pem = await readFile(keyPath, 'utf8');
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect((await stat(keyPath)).mode & 0o777).toBe(0o600);
    const publicKey = createPublicKey(pem);
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    const id = await chromeExtensionId(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })));
    expect(run.out).toEqual([`extension id: ${id}`]);
    expect([...run.out, ...run.err].join('\n')).not.toContain('PRIVATE KEY');
  });

  it('refuses to overwrite an existing key', async () => {
    const keyPath = join(dir, 'org.pem');
    await writeFile(keyPath, 'keep me');
    const run = await runExtensionCli(['keygen', '--out', keyPath]);
    expect(run.code).toBe(1);
    expect(run.err.join('\n')).toContain('KEY_EXISTS');
    expect(await readFile(keyPath, 'utf8')).toBe('keep me');
  });

  it('packs a CRX3 whose signature, id and manifest Chrome would accept', async () => {
    const keyPath = join(dir, 'org.pem');
    const id = (await runExtensionCli(['keygen', '--out', keyPath])).out[0]?.replace('extension id: ', '');
    const out = join(dir, 'artefacts');
    const run = await runExtensionCli([
      'pack',
      '--key',
      keyPath,
      '--build-dir',
      build,
      '--out-dir',
      out,
      '--public-url',
      'https://passwords.contoso.example/',
    ]);
    expect(run.code).toBe(0);
    const crxBytes = await readFile(join(out, 'passgate.crx'));
    const crx = readCrx3(crxBytes);
    expect(crx.version).toBe(3);
    expect(crx.proofs).toHaveLength(1);
    const proof = crx.proofs[0];
    if (proof === undefined) throw new Error('no proof');
    expect(crx.crxId).toEqual(createHash('sha256').update(proof.publicKey).digest().subarray(0, 16));
    expect(await chromeExtensionId(new Uint8Array(proof.publicKey))).toBe(id);
    const signed = Buffer.concat([
      Buffer.from('CRX3 SignedData\x00', 'binary'),
      le32(crx.signedHeaderData.length),
      crx.signedHeaderData,
      crx.zip,
    ]);
    const publicKey = createPublicKey({ key: proof.publicKey, format: 'der', type: 'spki' });
    expect(verify('sha256', signed, publicKey, proof.signature)).toBe(true);
    // Any change to the archive breaks the signature.
    const tampered = Buffer.from(signed);
    const at = tampered.length - 30;
    tampered.writeUInt8((tampered.readUInt8(at) ^ 1) & 0xff, at);
    expect(verify('sha256', tampered, publicKey, proof.signature)).toBe(false);

    const files = unzipSync(new Uint8Array(crx.zip));
    expect(Object.keys(files).sort()).toEqual(['assets/app.js', 'manifest.json']);
    const manifest = JSON.parse(Buffer.from(files['manifest.json'] ?? []).toString('utf8'));
    expect(manifest.update_url).toBe('https://passwords.contoso.example/extension/updates.xml');
    expect(manifest.key).toBeUndefined();
    expect(manifest.version).toBe('1.2.3');

    const release = JSON.parse(await readFile(join(out, 'release.json'), 'utf8'));
    expect(release).toMatchObject({
      extensionId: id,
      version: '1.2.3',
      geckoId: 'passgate@passwords.contoso.example',
      crxSha256: createHash('sha256').update(crxBytes).digest('hex'),
    });
    // The build on disk keeps its development key: only the shipped copy changes.
    expect(JSON.parse(await readFile(join(build, 'chrome', 'manifest.json'), 'utf8')).key).toBeDefined();
  });

  // Before, the CRX was rewritten in place first: a pack that then failed left updates.xml advertising
  // the old hash for new bytes, and Chrome and Edge refused every install and update.
  it('leaves the CRX and the hash updates.xml gives for it as they were when a pack fails', async () => {
    const keyPath = join(dir, 'org.pem');
    await runExtensionCli(['keygen', '--out', keyPath]);
    const out = join(dir, 'artefacts');
    const pack = () =>
      runExtensionCli([
        'pack',
        '--key',
        keyPath,
        '--build-dir',
        build,
        '--out-dir',
        out,
        '--public-url',
        'https://passwords.contoso.example/',
      ]);
    expect((await pack()).code).toBe(0);
    const before = await readFile(join(out, 'passgate.crx'));
    // The next build: a new version, and a Firefox folder the pack cannot copy (a dangling link).
    const manifestPath = join(build, 'chrome', 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, version: '1.2.4' }));
    await symlink(join(dir, 'nowhere'), join(build, 'firefox', 'dangling'));
    const failed = await pack();
    expect(failed.code).toBe(1);
    expect(failed.err.join('\n')).toMatch(
      /PACK_FAILED: could not pack the extension: ENOENT.*what the portal serves is unchanged/,
    );
    const served = await readFile(join(out, 'passgate.crx'));
    expect(served.equals(before)).toBe(true);
    const release = JSON.parse(await readFile(join(out, 'release.json'), 'utf8'));
    expect(release).toMatchObject({
      version: '1.2.3',
      crxSha256: createHash('sha256').update(served).digest('hex'),
    });
    expect((await readdir(out)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says so when the CRX was replaced but its record could not be written after it', async () => {
    const keyPath = join(dir, 'org.pem');
    await runExtensionCli(['keygen', '--out', keyPath]);
    const out = join(dir, 'artefacts');
    // Where release.json goes, a folder with something in it: the record's rename onto it fails.
    await mkdir(join(out, 'release.json', 'in-the-way'), { recursive: true });
    const failed = await runExtensionCli([
      'pack',
      '--key',
      keyPath,
      '--build-dir',
      build,
      '--out-dir',
      out,
      '--public-url',
      'https://passwords.contoso.example/',
    ]);
    expect(failed.code).toBe(1);
    const said = failed.err.join('\n');
    expect(said).toContain('PACK_FAILED: could not pack the extension');
    expect(said).toContain('the CRX was replaced but its record (release.json) was not');
    expect(said).not.toContain('unchanged');
  });

  it("packs the Firefox build as an unsigned XPI under the organisation's own add-on id, and prints how to sign it", async () => {
    const keyPath = join(dir, 'org.pem');
    await runExtensionCli(['keygen', '--out', keyPath]);
    const out = join(dir, 'artefacts');
    const run = await runExtensionCli([
      'pack',
      '--key',
      keyPath,
      '--build-dir',
      build,
      '--out-dir',
      out,
      '--public-url',
      'https://passwords.contoso.example',
    ]);
    const xpi = unzipSync(new Uint8Array(await readFile(join(out, 'passgate-unsigned.xpi'))));
    const manifest = JSON.parse(Buffer.from(xpi['manifest.json'] ?? []).toString('utf8'));
    // The build's shared placeholder id is replaced: Mozilla signs each id for one owner only.
    expect(manifest.browser_specific_settings.gecko).toEqual({
      id: 'passgate@passwords.contoso.example',
      update_url: 'https://passwords.contoso.example/extension/updates.json',
    });
    expect(run.out).toContain('firefox add-on id: passgate@passwords.contoso.example');
    // The same manifest, unzipped, is what web-ext sign is told to sign.
    const source = JSON.parse(await readFile(join(out, 'firefox-source', 'manifest.json'), 'utf8'));
    expect(source).toEqual(manifest);
    const steps = run.err.join('\n');
    expect(steps).toContain('web-ext sign --channel=unlisted');
    expect(steps).toContain(join(out, 'passgate.xpi'));
    expect(steps).toContain(`--source-dir ${join(out, 'firefox-source')}`);
  });

  it("names the organisation's add-on id in Firefox's policies.json, from config when it gives one", async () => {
    const config = {
      publicUrl: 'https://passwords.contoso.example',
      tenants: [{ domains: ['contoso.example'] }, { domains: ['contoso-group.example'] }],
      extension: {
        keyPath: join(dir, 'cfg.pem'),
        artefactsDir: join(dir, 'cfg-out'),
        buildDir: build,
        geckoId: 'password-portal@it.contoso.example',
      },
    };
    const lines: string[] = [];
    const io = { env: {}, out: (line: string) => void lines.push(line), err: () => {}, stdin: process.stdin };
    expect(await runExtensionCommand(['keygen'], io, config)).toBe(0);
    expect(await runExtensionCommand(['pack'], io, config)).toBe(0);
    const xpi = unzipSync(new Uint8Array(await readFile(join(dir, 'cfg-out', 'passgate-unsigned.xpi'))));
    const manifest = JSON.parse(Buffer.from(xpi['manifest.json'] ?? []).toString('utf8'));
    expect(manifest.browser_specific_settings.gecko.id).toBe('password-portal@it.contoso.example');

    lines.length = 0;
    expect(
      await runExtensionCommand(['policy', '--browser', 'firefox', '--platform', 'linux'], io, config),
    ).toBe(0);
    const { policies } = JSON.parse(lines.join('\n'));
    expect(Object.keys(policies.ExtensionSettings)).toEqual(['password-portal@it.contoso.example']);
    expect(policies.ExtensionSettings['password-portal@it.contoso.example']).toMatchObject({
      installation_mode: 'force_installed',
      private_browsing: true,
    });
    expect(Object.keys(policies['3rdparty'].Extensions)).toEqual(['password-portal@it.contoso.example']);
    // The tenants' domains are the extension's own: other accounts stay with Microsoft.
    expect(policies['3rdparty'].Extensions['password-portal@it.contoso.example'].tenantDomains).toEqual([
      'contoso.example',
      'contoso-group.example',
    ]);

    const bad = await runExtensionCommand(['pack'], io, {
      ...config,
      extension: { ...config.extension, geckoId: 'not an id' },
    });
    expect(bad).toBe(78);
  });

  it('takes the key, artefacts folder, build and portal URL from the config when no flags are given', async () => {
    const config = {
      publicUrl: 'https://passwords.contoso.example',
      extension: { keyPath: join(dir, 'cfg.pem'), artefactsDir: join(dir, 'cfg-out'), buildDir: build },
    };
    const io = { env: {}, out: () => {}, err: () => {}, stdin: process.stdin };
    expect(await runExtensionCommand(['keygen'], io, config)).toBe(0);
    expect(await runExtensionCommand(['pack'], io, config)).toBe(0);
    const release = JSON.parse(await readFile(join(dir, 'cfg-out', 'release.json'), 'utf8'));
    expect(release.version).toBe('1.2.3');
    const bad = await runExtensionCommand(['pack'], io, {
      ...config,
      extension: { ...config.extension, adminToken: 'short' },
    });
    expect(bad).toBe(78);
  });

  it('refuses the public development key, a missing build and a plain-http portal', async () => {
    const devKey = await runExtensionCli([
      'pack',
      '--key',
      DEV_KEY,
      '--build-dir',
      build,
      '--out-dir',
      join(dir, 'a'),
      '--public-url',
      'https://p.example',
    ]);
    expect(devKey.code).toBe(1);
    expect(devKey.err.join('\n')).toContain('KEY_IS_DEV_KEY');

    const keyPath = join(dir, 'org.pem');
    await runExtensionCli(['keygen', '--out', keyPath]);
    const noBuild = await runExtensionCli([
      'pack',
      '--key',
      keyPath,
      '--build-dir',
      join(dir, 'none'),
      '--out-dir',
      join(dir, 'b'),
      '--public-url',
      'https://p.example',
    ]);
    expect(noBuild.code).toBe(1);
    expect(noBuild.err.join('\n')).toContain('npm run build -w extension');

    const http = await runExtensionCli([
      'pack',
      '--key',
      keyPath,
      '--build-dir',
      build,
      '--out-dir',
      join(dir, 'c'),
      '--public-url',
      'http://passwords.contoso.example',
    ]);
    expect(http.code).toBe(1);
    expect(http.err.join('\n')).toContain('INVALID_URL');
  });
});
