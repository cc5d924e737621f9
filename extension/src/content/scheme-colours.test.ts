import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// test/e2e/extension-i18n-axe.test.ts runs only axe's colour rules in the dark scheme, on this ground:
// the extension's pages have no dark scheme of their own, and the notice's dark scheme swaps colours and
// nothing else, so the layout, what is hidden and every size stay as they are in light.

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The declarations inside each `@media (prefers-color-scheme: …)` block of `source`, braces matched. */
function schemeDeclarations(source: string): string[] {
  return [...source.matchAll(/@media\s*\(prefers-color-scheme:[^)]*\)\s*\{/g)].flatMap((match) => {
    let depth = 1;
    let end = match.index + match[0].length;
    for (; depth > 0; end += 1) depth += source[end] === '{' ? 1 : source[end] === '}' ? -1 : 0;
    const block = source.slice(match.index + match[0].length, end - 1);
    return [...block.matchAll(/\{([^{}]*)\}/g)].flatMap((rule) =>
      (rule[1] ?? '').split(';').filter((part) => part.trim() !== ''),
    );
  });
}

describe('the extension’s colour schemes', () => {
  it('gives the options page and the popup no dark scheme: they look the same in both', () => {
    const css = read('../lib/page.css');
    expect(css).not.toMatch(/prefers-color-scheme|color-scheme/);
    for (const page of ['../options/index.html', '../popup/index.html'])
      expect(read(page)).not.toMatch(/prefers-color-scheme|color-scheme/);
  });

  it('changes nothing but colours in the notice’s dark scheme', () => {
    const declarations = schemeDeclarations(read('./notice.ts'));
    expect(declarations.length).toBeGreaterThan(0);
    for (const declaration of declarations)
      expect(declaration, declaration).toMatch(/^\s*(background|color):\s*#[0-9a-f]{6}\s*$/i);
  });
});
