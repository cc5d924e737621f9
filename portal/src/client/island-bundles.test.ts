import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { describe, expect, it } from 'vitest';

// Builds the island in memory with the real vite config and looks at what would ship to browsers.
async function bundle(): Promise<string> {
  const result = await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'silent',
    build: { write: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((output) => output.output).filter((item) => item.type === 'chunk');
  expect(chunks.map((chunk) => chunk.fileName)).toEqual(['change-password-island.js']);
  return chunks[0]?.type === 'chunk' ? chunks[0].code : '';
}

describe('the change-password island bundle', () => {
  it('is one small browser module without Node built-ins, zod or the common-password list', async () => {
    const code = await bundle();
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('zxcvbn');
    // The common-password list alone is hundreds of kilobytes; the island is meant to stay tiny.
    expect(gzipSync(code).length).toBeLessThan(20 * 1024);
  }, 60_000);
});
