import { readFile, writeFile } from 'node:fs/promises';
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

export async function writeReleaseRecord(dir: string, record: ReleaseRecord): Promise<void> {
  await writeFile(join(dir, ARTEFACT_FILES.release), `${JSON.stringify(record, null, 2)}\n`);
}

/** The last pack's record, or a NOT_PACKED refusal saying how to make one. */
export async function readReleaseRecord(dir: string): Promise<ReleaseRecord> {
  let text: string;
  try {
    text = await readFile(join(dir, ARTEFACT_FILES.release), 'utf8');
  } catch {
    throw new ExtensionKitError(
      'NOT_PACKED',
      `no packed extension in ${dir}; run: passgate extension pack --out-dir ${dir}`,
    );
  }
  const parsed = releaseRecordSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new ExtensionKitError('NOT_PACKED', `${join(dir, ARTEFACT_FILES.release)} is damaged; pack again`);
  }
  return parsed.data;
}
