import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Type-only imports are erased from the build, so they are not followed.
const IMPORT = /(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'/g;

/** Every module the entry reaches, following relative imports through the sources. */
function reachableImports(entry: string): { files: string[]; bare: string[] } {
  const files: string[] = [];
  const bare = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (files.includes(file)) continue;
    files.push(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      if (!specifier) continue;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else bare.add(specifier);
    }
  }
  return { files, bare: [...bare] };
}

describe('@passgate/core/policy', () => {
  it('imports nothing but zod/mini and the ICU formatter: no Node built-ins, no word list', () => {
    const entry = resolve(dirname(fileURLToPath(import.meta.url)), 'index.ts');
    const { files, bare } = reachableImports(entry);
    expect(files.length).toBeGreaterThan(5);
    expect(bare.sort()).toEqual(['intl-messageformat', 'zod/mini']);
  });
});
