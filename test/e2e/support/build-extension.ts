import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const EXTENSION_ROOT = fileURLToPath(new URL('../../../extension/', import.meta.url));

/** Builds the extension from its current sources into a fresh temp dir (about a second). */
export async function buildExtension(target: 'chrome' | 'firefox' = 'chrome'): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `passgate-ext-${target}-`));
  await build({
    root: EXTENSION_ROOT,
    configFile: join(EXTENSION_ROOT, 'vite.config.ts'),
    mode: target === 'firefox' ? 'firefox' : 'production',
    logLevel: 'warn',
    build: { outDir },
  });
  return outDir;
}
