import { createHash } from 'node:crypto';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artefactUrls } from './artefact-urls.js';
import { checkPublicUrl } from './check-public-url.js';
import { buildCrx3 } from './crx3.js';
import { ExtensionKitError } from './extension-kit-error.js';
import { firefoxSigningSteps } from './firefox-signing-steps.js';
import { geckoIdFor, isGeckoId } from './gecko-id.js';
import { ARTEFACT_FILES, type ReleaseRecord, writeReleaseRecord } from './release-record.js';
import { loadSigningKey } from './signing-key.js';
import { writeAtomically } from './write-atomically.js';
import { zipDirectory } from './zip-directory.js';

/**
 * `npm run build -w extension` writes chrome/ and firefox/ here. fileURLToPath, not `.pathname`: a
 * checkout under a folder with a space or a % in its name would give a path with %20 that names nothing.
 */
export const DEFAULT_BUILD_DIR = fileURLToPath(new URL('../../../extension/dist/', import.meta.url));

export interface PackOptions {
  /** Directory holding the built chrome/ (required) and firefox/ (optional). */
  buildDir: string;
  keyPath: string;
  outDir: string;
  /** The portal's public URL: the CRX's update_url and the CRX download live under it. */
  publicUrl: string;
  /** The organisation's Firefox add-on id; default: derived from publicUrl (see gecko-id.ts). */
  geckoId?: string | null;
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

/**
 * The organisation's own add-on id (the build carries a placeholder every organisation shares),
 * and gecko.update_url, where Firefox looks for updates of a self-distributed add-on: the portal.
 * Firefox refuses to install an add-on whose update_url is not https, so a loopback demo portal
 * on http gets none.
 */
function withGeckoIdentity(
  manifest: Record<string, unknown>,
  id: string,
  updateUrl: string,
): Record<string, unknown> {
  const settings = (manifest.browser_specific_settings ?? {}) as Record<string, Record<string, unknown>>;
  const update = updateUrl.startsWith('https://') ? { update_url: updateUrl } : {};
  return {
    ...manifest,
    browser_specific_settings: { ...settings, gecko: { ...settings.gecko, id, ...update } },
  };
}

/**
 * Packs the built extension for deployment: a CRX3 signed with the organisation's key whose
 * manifest points `update_url` at the portal and no longer carries the development `key` (the
 * id now comes from the signature), and an unsigned XPI of the Firefox build whose
 * gecko.update_url points at the portal's updates.json.
 */
export async function packExtension(options: PackOptions): Promise<PackResult> {
  const progress = { crxReplaced: false };
  try {
    return await pack(options, progress);
  } catch (error) {
    // A file the build or the artefacts folder could not give or take (a dangling link, a full disk):
    // said in one line. What the portal serves was left as it was (the CRX and its record are replaced
    // last, each whole), unless the record could not follow the CRX: then the portal serves the new CRX
    // while updates.xml still gives the old one's hash, which browsers refuse until a pack succeeds.
    if (typeof (error as NodeJS.ErrnoException).syscall !== 'string') throw error;
    const served = progress.crxReplaced
      ? 'the CRX was replaced but its record (release.json) was not, so browsers refuse it until a pack succeeds: fix the cause and pack again'
      : 'what the portal serves is unchanged';
    throw new ExtensionKitError(
      'PACK_FAILED',
      `could not pack the extension: ${(error as Error).message}; ${served}`,
      { cause: error },
    );
  }
}

async function pack(options: PackOptions, progress: { crxReplaced: boolean }): Promise<PackResult> {
  const publicUrl = checkPublicUrl(options.publicUrl);
  const chromeDir = join(options.buildDir, 'chrome');
  const manifest = await readManifest(chromeDir);
  if (manifest === null || typeof manifest.version !== 'string') {
    throw new ExtensionKitError(
      'BUILD_NOT_FOUND',
      `no built extension in ${resolve(chromeDir)}; build it first: npm run build -w extension`,
    );
  }
  const geckoId = options.geckoId ?? geckoIdFor(publicUrl);
  if (!isGeckoId(geckoId)) {
    throw new ExtensionKitError(
      'INVALID_EXTENSION_ID',
      `"${geckoId}" is not a Firefox add-on id: expected name@domain (letters, digits, . _ -) or a {GUID}, at most 80 characters`,
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

  // The Firefox files first: a pack that fails on them leaves what the portal serves untouched.
  const firefoxDir = join(options.buildDir, 'firefox');
  const firefox = await readManifest(firefoxDir);
  let unsignedXpiPath: string | null = null;
  const firefoxSourceDir = join(options.outDir, ARTEFACT_FILES.firefoxSource);
  if (firefox !== null) {
    unsignedXpiPath = join(options.outDir, ARTEFACT_FILES.unsignedXpi);
    const firefoxManifest = manifestBytes(withGeckoIdentity(firefox, geckoId, urls.updatesJson));
    const xpi = await zipDirectory(firefoxDir, { 'manifest.json': firefoxManifest });
    await writeAtomically(options.outDir, ARTEFACT_FILES.unsignedXpi, xpi);
    // The same files unzipped, for `web-ext sign --source-dir`.
    await rm(firefoxSourceDir, { recursive: true, force: true });
    // dereference: a build folder that is a symlink must be copied, not linked to.
    await cp(firefoxDir, firefoxSourceDir, { recursive: true, dereference: true });
    await writeFile(join(firefoxSourceDir, 'manifest.json'), firefoxManifest);
  }
  // Then the CRX and, straight after it, the record whose hash updates.xml advertises for it: each
  // replaced whole, so a browser never fetches half a CRX, nor (but for the moment between the two
  // renames) one whose hash the update manifest does not give.
  await writeAtomically(options.outDir, ARTEFACT_FILES.crx, crx);
  progress.crxReplaced = true;
  const release: ReleaseRecord = {
    extensionId: key.extensionId,
    version: manifest.version,
    crxSha256: createHash('sha256').update(crx).digest('hex'),
    geckoId: firefox === null ? null : geckoId,
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
