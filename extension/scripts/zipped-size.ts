import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { deflateRawSync } from 'node:zlib';

/** Every file under `dir`, recursively, as paths relative to it. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path, root) : [relative(root, path)];
  });
}

/**
 * The size of `dir` as a zip archive (what a CRX or XPI carries, and what browsers download):
 * each file deflated at the highest level, plus the zip format's fixed headers per file (30 bytes
 * local, 46 central, each with the name) and 22 for the end record.
 */
export function zippedSize(dir: string): { files: number; bytes: number; zipped: number } {
  const names = filesUnder(dir);
  let bytes = 0;
  let zipped = 22;
  for (const name of names) {
    const data = readFileSync(join(dir, name));
    bytes += data.length;
    const deflated = deflateRawSync(data, { level: 9 }).length;
    zipped += Math.min(deflated, data.length) + 30 + 46 + 2 * Buffer.byteLength(name);
  }
  return { files: names.length, bytes, zipped };
}
