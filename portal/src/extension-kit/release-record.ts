import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ExtensionKitError } from './extension-kit-error.js';

/** File names inside the artefacts directory the portal serves from. */
export const ARTEFACT_FILES = {
  crx: 'passgate.crx',
  /** The Mozilla-signed XPI, put here by the admin; Firefox refuses the unsigned one. */
  xpi: 'passgate.xpi',
  unsignedXpi: 'passgate-unsigned.xpi',
  /** The unsigned XPI's files, unzipped, for web-ext sign. */
  firefoxSource: 'firefox-source',
  release: 'release.json',
} as const;

const releaseRecordSchema = z.object({
  extensionId: z.string().regex(/^[a-p]{32}$/),
  version: z.string().min(1),
  crxSha256: z.string().regex(/^[0-9a-f]{64}$/),
  geckoId: z.string().min(1).nullable(),
  firefoxVersion: z.string().min(1).nullable(),
  packedAt: z.string(),
});

/** What `pack` produced: read by the update route and the policy generator, written once per pack. */
export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/**
 * Replaces release.json whole: the portal reads it on every update check, so it must never see a
 * half-written file. The temporary file sits in the same folder (rename is atomic only within one
 * file system) and is synced before the rename, so a crash leaves the old record or the new one.
 */
export async function writeReleaseRecord(dir: string, record: ReleaseRecord): Promise<void> {
  const target = join(dir, ARTEFACT_FILES.release);
  const temporary = join(dir, `.${ARTEFACT_FILES.release}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable; some platforms (Windows) cannot open a folder, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (handle === null) return;
  try {
    await handle.sync().catch(() => undefined);
  } finally {
    await handle.close();
  }
}

/**
 * The last pack's record; a NOT_PACKED refusal when there is none, RELEASE_DAMAGED (the reason as
 * its cause) when it cannot be read. The messages name no path: the update routes answer anyone.
 */
export async function readReleaseRecord(dir: string): Promise<ReleaseRecord> {
  let text: string;
  try {
    text = await readFile(join(dir, ARTEFACT_FILES.release), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ExtensionKitError(
        'NOT_PACKED',
        'the extension has not been packed yet; an admin runs: passgate extension pack',
      );
    }
    throw damaged(error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw damaged(error);
  }
  const parsed = releaseRecordSchema.safeParse(json);
  if (!parsed.success) throw damaged(parsed.error);
  return parsed.data;
}

function damaged(cause: unknown): ExtensionKitError {
  return new ExtensionKitError(
    'RELEASE_DAMAGED',
    'the packed release record cannot be read; an admin runs: passgate extension pack',
    { cause },
  );
}
