import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { artefactUrls } from './artefact-urls.js';
import { checkPublicUrl } from './check-public-url.js';
import { buildCrx3 } from './crx3.js';
import { ExtensionKitError } from './extension-kit-error.js';
import { firefoxSigningSteps } from './firefox-signing-steps.js';
import { ARTEFACT_FILES, type ReleaseRecord, writeReleaseRecord } from './release-record.js';
import { loadSigningKey } from './signing-key.js';
import { zipDirectory } from './zip-directory.js';

/** `npm run build -w extension` writes chrome/ and firefox/ here. */
export const DEFAULT_BUILD_DIR = new URL('../../../extension/dist/', import.meta.url).pathname;

export interface PackOptions {
  /** Directory holding the built chrome/ (required) and firefox/ (optional). */
  buildDir: string;
  keyPath: string;
  outDir: string;
  /** The portal's public URL: the CRX's update_url and the CRX download live under it. */
  publicUrl: string;
  now?: Date;
}

export interface PackResult {
  release: ReleaseRecord;
  crxPath: string;
  /** Null when there is no Firefox build. */
  unsignedXpiPath: string | null;
  firefoxSigningSteps: string | null;
}

async function readManifest(dir: string): Promise<Record<string, unknown> | null> {
  try {
    return JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function manifestBytes(manifest: Record<string, unknown>): Uint8Array {
  return new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`);
}

/** Firefox looks for updates of a self-distributed add-on at gecko.update_url; the portal serves it. */
function withGeckoUpdateUrl(manifest: Record<string, unknown>, updateUrl: string): Record<string, unknown> {
  const settings = (manifest.browser_specific_settings ?? {}) as Record<string, Record<string, unknown>>;
  return {
    ...manifest,
    browser_specific_settings: { ...settings, gecko: { ...settings.gecko, update_url: updateUrl } },
  };
}

/**
 * Packs the built extension for deployment: a CRX3 signed with the organisation's key whose
 * manifest points `update_url` at the portal and no longer carries the development `key` (the
 * id now comes from the signature), and an unsigned XPI of the Firefox build whose
 * gecko.update_url points at the portal's updates.json.
 */
export async function packExtension(options: PackOptions): Promise<PackResult> {
  const publicUrl = checkPublicUrl(options.publicUrl);
  const chromeDir = join(options.buildDir, 'chrome');
  const manifest = await readManifest(chromeDir);
  if (manifest === null || typeof manifest.version !== 'string') {
    throw new ExtensionKitError(
      'BUILD_NOT_FOUND',
      `no built extension in ${resolve(chromeDir)}; build it first: npm run build -w extension`,
    );
  }
  const key = await loadSigningKey(options.keyPath);
  const { key: _devKey, ...rest } = manifest;
  const urls = artefactUrls(publicUrl);
  const shipped = { ...rest, update_url: urls.updatesXml };
  const zip = await zipDirectory(chromeDir, { 'manifest.json': manifestBytes(shipped) });
  const crx = buildCrx3({ zip, privateKey: key.privateKey, spkiDer: key.spkiDer });
  await mkdir(options.outDir, { recursive: true });
  const crxPath = join(options.outDir, ARTEFACT_FILES.crx);
  await writeFile(crxPath, crx);

  const firefoxDir = join(options.buildDir, 'firefox');
  const firefox = await readManifest(firefoxDir);
  let unsignedXpiPath: string | null = null;
  const firefoxSourceDir = join(options.outDir, ARTEFACT_FILES.firefoxSource);
  if (firefox !== null) {
    unsignedXpiPath = join(options.outDir, ARTEFACT_FILES.unsignedXpi);
    const firefoxManifest = manifestBytes(withGeckoUpdateUrl(firefox, urls.updatesJson));
    await writeFile(unsignedXpiPath, await zipDirectory(firefoxDir, { 'manifest.json': firefoxManifest }));
    // The same files unzipped, for `web-ext sign --source-dir`.
    await rm(firefoxSourceDir, { recursive: true, force: true });
    await cp(firefoxDir, firefoxSourceDir, { recursive: true });
    await writeFile(join(firefoxSourceDir, 'manifest.json'), firefoxManifest);
  }
  const gecko = (firefox?.browser_specific_settings as { gecko?: { id?: string } } | undefined)?.gecko;
  const release: ReleaseRecord = {
    extensionId: key.extensionId,
    version: manifest.version,
    crxSha256: createHash('sha256').update(crx).digest('hex'),
    geckoId: gecko?.id ?? null,
    firefoxVersion: typeof firefox?.version === 'string' ? firefox.version : null,
    packedAt: (options.now ?? new Date()).toISOString(),
  };
  await writeReleaseRecord(options.outDir, release);
  return {
    release,
    crxPath,
    unsignedXpiPath,
    firefoxSigningSteps:
      unsignedXpiPath === null
        ? null
        : firefoxSigningSteps({
            unsignedXpi: unsignedXpiPath,
            sourceDir: resolve(firefoxSourceDir),
            signedXpi: join(resolve(options.outDir), ARTEFACT_FILES.xpi),
          }),
  };
}
