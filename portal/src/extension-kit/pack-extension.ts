import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
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

/**
 * Packs the built extension for deployment: a CRX3 signed with the organisation's key whose
 * manifest points `update_url` at the portal and no longer carries the development `key` (the
 * id now comes from the signature), and an unsigned XPI of the Firefox build.
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
  const shipped = { ...rest, update_url: artefactUrls(publicUrl).updatesXml };
  const zip = await zipDirectory(chromeDir, {
    'manifest.json': new TextEncoder().encode(`${JSON.stringify(shipped, null, 2)}\n`),
  });
  const crx = buildCrx3({ zip, privateKey: key.privateKey, spkiDer: key.spkiDer });
  await mkdir(options.outDir, { recursive: true });
  const crxPath = join(options.outDir, ARTEFACT_FILES.crx);
  await writeFile(crxPath, crx);

  const firefoxDir = join(options.buildDir, 'firefox');
  const firefox = await readManifest(firefoxDir);
  let unsignedXpiPath: string | null = null;
  if (firefox !== null) {
    unsignedXpiPath = join(options.outDir, ARTEFACT_FILES.unsignedXpi);
    await writeFile(unsignedXpiPath, await zipDirectory(firefoxDir));
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
            sourceDir: resolve(firefoxDir),
            signedXpi: join(resolve(options.outDir), ARTEFACT_FILES.xpi),
          }),
  };
}
