import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The file the demo leaves in the folder it uses: a folder holding it is the demo's to clear. */
export const DEMO_MARKER = '.passgate-demo';

/**
 * What a demo from before the marker left behind in its default folder (`.passgate/demo` of an earlier
 * checkout). Only there: a real install whose JSON config names `passgate.sqlite` beside it looks the same.
 */
const EARLIER_DEMO_FILES = new Set([
  'config.json',
  'passgate.sqlite',
  'passgate.sqlite-wal',
  'passgate.sqlite-shm',
  'passgate.sqlite-journal',
  'mail',
  'emulator-ca.pem',
]);

export type DemoFolder = { ok: true } | { ok: false; message: string };

function madeByTheDemo(entries: readonly string[], isDefault: boolean): boolean {
  if (entries.includes(DEMO_MARKER)) return true;
  return (
    isDefault &&
    entries.includes('passgate.sqlite') &&
    entries.includes('config.json') &&
    entries.every((entry) => EARLIER_DEMO_FILES.has(entry))
  );
}

/**
 * Makes `folder` ready for a fresh demo: creates it, or empties it when the demo made it, and marks it
 * as the demo's. `isDefault`: the folder is the demo's default one, where an earlier demo's files count as its. Refuses, touching nothing, a folder that holds anything else (`--data ~` must never
 * wipe a home directory), and a path that is not a folder.
 */
export async function prepareDemoFolder(
  folder: string,
  { isDefault }: { isDefault: boolean } = { isDefault: false },
): Promise<DemoFolder> {
  const found = await stat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (found !== null && !found.isDirectory()) {
    return { ok: false, message: `--data ${folder} is not a folder; give the demo a new or empty folder` };
  }
  if (found === null) {
    await mkdir(folder, { recursive: true });
  } else {
    const entries = await readdir(folder);
    if (entries.length > 0 && !madeByTheDemo(entries, isDefault)) {
      return {
        ok: false,
        message: `--data ${folder} is not empty and was not made by the demo, which deletes its folder's contents at every start; give it a new or empty folder`,
      };
    }
    // The emulator forgets everything when it stops, so the demo's database starts afresh too.
    await Promise.all(entries.map((entry) => rm(join(folder, entry), { recursive: true, force: true })));
  }
  await writeFile(
    join(folder, DEMO_MARKER),
    'Made by the Passgate demo (npm start), which deletes everything in this folder at every start.\n',
  );
  return { ok: true };
}
