import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTAL_ROOT } from '../http/package-root.js';
import { accentCss, accentPalette, weakestContrast } from './accent-palette.js';
import { PAGE_BACKGROUNDS } from './page-palette.js';

const css = readFileSync(join(PORTAL_ROOT, 'public/passgate.css'), 'utf8');
const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');

/** The custom properties of the first `:root` block after `from`. */
function customProperties(from: number): Record<string, string> {
  const open = css.indexOf(':root', from);
  const block = css.slice(open, css.indexOf('}', open));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
}

/** The rules inside each `@media (prefers-color-scheme: …)` block of `stylesheet`, braces matched. */
function schemeBlocks(stylesheet: string): string[] {
  return [...stylesheet.matchAll(/@media\s*\(prefers-color-scheme:[^)]*\)\s*\{/g)].map((match) => {
    let depth = 1;
    let end = match.index + match[0].length;
    for (; depth > 0; end += 1) depth += stylesheet[end] === '{' ? 1 : stylesheet[end] === '}' ? -1 : 0;
    return stylesheet.slice(match.index + match[0].length, end - 1);
  });
}

describe('passgate.css', () => {
  const schemes = { light: customProperties(0), dark: customProperties(darkAt) };

  it('has a dark scheme, and no longer forces light', () => {
    expect(darkAt).toBeGreaterThan(0);
    expect(css).toContain('color-scheme: light dark;');
  });

  it('has the page backgrounds the accent colour is checked against', () => {
    for (const scheme of ['light', 'dark'] as const) {
      expect(schemes[scheme].surface).toBe(PAGE_BACKGROUNDS[scheme].surface);
      expect(schemes[scheme].band).toBe(PAGE_BACKGROUNDS[scheme].band);
    }
  });

  it('gives every text colour at least 4.5:1 on both backgrounds, in both schemes', () => {
    for (const scheme of ['light', 'dark'] as const) {
      for (const name of ['text', 'muted', 'brand', 'brand-dark', 'error', 'success']) {
        const colour = schemes[scheme][name] ?? '';
        expect({ scheme, name, ratio: weakestContrast(colour, scheme).ratio }).toEqual({
          scheme,
          name,
          ratio: expect.toSatisfy((ratio: number) => ratio >= 4.5),
        });
      }
      // Input borders are non-text: 3:1 (WCAG 1.4.11).
      expect(weakestContrast(schemes[scheme].border ?? '', scheme).ratio).toBeGreaterThanOrEqual(3);
    }
  });

  // i18n-axe-browser.test.ts runs only axe's colour rules in the dark scheme, on this ground: what the
  // dark scheme changes is the value of colour custom properties the light scheme also sets, so the
  // layout, what is hidden and every size stay as they are in light.
  it('changes nothing but colours in the dark scheme, its accent included', () => {
    const withAccent = css + accentCss(accentPalette('#c2410c', null));
    const blocks = schemeBlocks(withAccent);
    expect(blocks).toHaveLength(2);
    for (const block of blocks) {
      const rule = /^\s*:root\s*\{([^{}]*)\}\s*$/.exec(block);
      expect(rule, block).not.toBeNull();
      const declarations = (rule?.[1] ?? '').split(';').filter((part) => part.trim() !== '');
      for (const declaration of declarations) {
        const [, name] = /^\s*--([\w-]+):\s*#[0-9a-f]{6}\s*$/i.exec(declaration) ?? [];
        expect(name, declaration).toBeDefined();
        expect(withAccent.slice(0, withAccent.indexOf('@media')), `--${name} set in light too`).toContain(
          `--${name}:`,
        );
      }
    }
  });
});
