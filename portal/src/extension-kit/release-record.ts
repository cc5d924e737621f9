import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ExtensionKitError } from './extension-kit-error.js';
import { writeAtomically } from './write-atomically.js';

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

/** Replaces release.json whole (writeAtomically): the portal reads it on every update check. */
export async function writeReleaseRecord(dir: string, record: ReleaseRecord): Promise<void> {
  await writeAtomically(dir, ARTEFACT_FILES.release, `${JSON.stringify(record, null, 2)}\n`);
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
