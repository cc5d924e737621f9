import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';

// Builds the islands in memory with the real vite config and looks at what would ship to browsers.
async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    configFile: fileURLToPath(new URL('../../vite.config.ts', import.meta.url)),
    logLevel: 'silent',
    build: { write: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
  const chunks = outputs.flatMap((output) => output.output).filter((item) => item.type === 'chunk');
  return new Map(chunks.map((chunk) => [chunk.fileName, chunk.type === 'chunk' ? chunk.code : '']));
}

describe('the island bundles', () => {
  let chunks: Map<string, string>;
  beforeAll(async () => {
    chunks = await bundle();
  }, 60_000);

  it('are one module per island, nothing shared between them', () => {
    expect([...chunks.keys()].sort()).toEqual([
      'challenge-island.js',
      'change-password-island.js',
      'passkey-island.js',
    ]);
  });

  it('change-password: one small browser module without Node built-ins, zod or the common-password list', () => {
    const code = chunks.get('change-password-island.js') ?? '';
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('zxcvbn');
    // The common-password list alone is hundreds of kilobytes; the island is meant to stay tiny.
    expect(gzipSync(code).length).toBeLessThan(20 * 1024);
  });

  it("challenge: altcha-lib's WebCrypto solver only, without Node's crypto, zod or Preact", () => {
    const code = chunks.get('challenge-island.js') ?? '';
    expect(code).toContain('crypto.subtle.deriveBits');
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('preact');
    expect(gzipSync(code).length).toBeLessThan(4 * 1024);
  });

  it('passkey: the WebAuthn ceremonies of @simplewebauthn/browser, without Node built-ins, zod or Preact', () => {
    const code = chunks.get('passkey-island.js') ?? '';
    expect(code).toContain('navigator.credentials.create');
    expect(code).toContain('navigator.credentials.get');
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('preact');
    expect(gzipSync(code).length).toBeLessThan(8 * 1024);
  });
});
