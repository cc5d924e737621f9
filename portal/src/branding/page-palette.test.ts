import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PORTAL_ROOT } from '../http/package-root.js';
import { weakestContrast } from './accent-palette.js';
import { PAGE_BACKGROUNDS } from './page-palette.js';

const css = readFileSync(join(PORTAL_ROOT, 'public/passgate.css'), 'utf8');
const darkAt = css.indexOf('@media (prefers-color-scheme: dark)');

/** The custom properties of the first `:root` block after `from`. */
function customProperties(from: number): Record<string, string> {
  const open = css.indexOf(':root', from);
  const block = css.slice(open, css.indexOf('}', open));
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-f]{6})/gi)].map((m) => [m[1], m[2]]));
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
});
