import { readFileSync } from 'node:fs';
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
  const items = outputs.flatMap((output) => output.output);
  return new Map(
    items.map((item) => [
      item.fileName,
      item.type === 'chunk' ? item.code : Buffer.from(item.source).toString('utf8'),
    ]),
  );
}

describe('the island bundles', () => {
  let chunks: Map<string, string>;
  beforeAll(async () => {
    chunks = await bundle();
  }, 60_000);

  it('are one module per island, nothing shared between them, beside the minified stylesheet', () => {
    expect([...chunks.keys()].sort()).toEqual([
      'challenge-island.js',
      'change-password-island.js',
      'passgate.css',
      'passkey-island.js',
    ]);
  });

  it('stylesheet: the source without its comments and spaces, every rule kept', () => {
    const source = readFileSync(fileURLToPath(new URL('../../public/passgate.css', import.meta.url)), 'utf8');
    const css = chunks.get('passgate.css') ?? '';
    expect(css).not.toContain('/*');
    expect(gzipSync(css).length).toBeLessThan(gzipSync(source).length * 0.75);
    // The same class names, media queries and custom properties as the source: nothing dropped.
    const names = (text: string): string[] =>
      [...new Set(text.match(/\.[a-z][\w-]*|@media|--[\w-]+/g) ?? [])].sort();
    expect(names(css)).toEqual(names(source.replace(/\/\*[\s\S]*?\*\//g, '')));
  });

  it('change-password: one small browser module without Node built-ins, zod or the common-password list', () => {
    const code = chunks.get('change-password-island.js') ?? '';
    expect(code).not.toMatch(/from\s*["']node:/);
    expect(code).not.toMatch(/\bimport\s*\(/);
    expect(code).not.toContain('ZodError');
    expect(code).not.toContain('zxcvbn');
    // Messages come pre-parsed and are worded by core's preparsedMessages: no FormatJS runtime either
    // (its error text names the polyfill it suggests).
    expect(code).not.toContain('@formatjs/intl-pluralrules');
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
