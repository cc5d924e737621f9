import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type Zippable, zipSync } from 'fflate';

/** Every file under `dir`, as zip paths (forward slashes) in a stable order. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

// A fixed timestamp makes the archive depend on the files only, so packing twice gives the same zip.
const FIXED_MTIME = new Date('2020-01-01T00:00:00Z');

/**
 * Zips a directory. `replace` swaps the contents of named files (the manifest gets its
 * update_url and loses the development key this way, without touching the build on disk).
 */
export async function zipDirectory(
  dir: string,
  replace: Record<string, Uint8Array> = {},
): Promise<Uint8Array> {
  const files: Zippable = {};
  for (const path of await listFiles(dir)) {
    files[path] = [replace[path] ?? new Uint8Array(await readFile(join(dir, path))), { mtime: FIXED_MTIME }];
  }
  return zipSync(files, { level: 9 });
}
