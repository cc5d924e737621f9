import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEV_MANIFEST_KEY = 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAdev';

/**
 * A small extension build (chrome/ and firefox/) with the shape `npm run build -w extension`
 * gives, so packing can be checked byte by byte without building the real one.
 */
export async function fakeBuild(version = '1.2.3'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'passgate-kit-build-'));
  const chrome = {
    manifest_version: 3,
    name: 'Passgate',
    version,
    key: DEV_MANIFEST_KEY,
    background: { service_worker: 'sw.js' },
  };
  const firefox = {
    manifest_version: 3,
    name: 'Passgate',
    version,
    browser_specific_settings: { gecko: { id: 'extension@passgate.dev' } },
  };
  for (const [target, manifest] of [
    ['chrome', chrome],
    ['firefox', firefox],
  ] as const) {
    await mkdir(join(dir, target, 'assets'), { recursive: true });
    await writeFile(join(dir, target, 'manifest.json'), JSON.stringify(manifest));
    await writeFile(join(dir, target, 'assets', 'app.js'), `console.log(${JSON.stringify(target)});\n`);
  }
  return dir;
}
