import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config/portal-config.js';
import { accentCss, accentPalette, deriveDarkAccent, weakestContrast } from './accent-palette.js';
import { contrastRatio } from './contrast-ratio.js';

const KEY = 'a3f1c9e27b4d8065f1e2d3c4b5a69788a1b2c3d4e5f60718293a4b5c6d7e8f90';
const base = { publicUrl: 'https://passwords.contoso.com/', secretKey: KEY };

function problems(branding: unknown): string[] {
  try {
    parseConfig({ ...base, branding }, {});
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => `${p.field}: ${p.message}`);
    throw error;
  }
  return [];
}

describe('branding config', () => {
  it('defaults to the portal’s own look: no accent, no stylesheet', () => {
    expect(parseConfig(base, {}).branding).toEqual({
      accentColor: null,
      accentColorDark: null,
      cssFile: null,
    });
  });

  it('takes an accent colour that reads on the light page, in any case, as lower-case #rrggbb', () => {
    expect(parseConfig({ ...base, branding: { accentColor: '#0B5CAD' } }, {}).branding.accentColor).toBe(
      '#0b5cad',
    );
    expect(problems({ accentColor: '#036' })).toEqual([]);
  });

  it('refuses an accent that fails WCAG AA on the light page, naming the field, the ratio and the fix', () => {
    // Microsoft-ish sky blue: fine as a fill, unreadable as link text on white.
    expect(problems({ accentColor: '#4fc3f7' })).toEqual([
      'branding.accentColor: contrast 1.82:1 against the light page background #f3f4f7; ' +
        'WCAG AA needs at least 4.5:1 for text: choose a darker colour',
    ]);
  });

  it('refuses a dark-mode accent that fails on the dark page', () => {
    expect(problems({ accentColor: '#1d4ed8', accentColorDark: '#1d4ed8' })).toEqual([
      expect.stringMatching(
        /^branding\.accentColorDark: contrast 2\.\d\d:1 against the dark page background #1f1f25; WCAG AA needs at least 4\.5:1 for text: choose a lighter colour/,
      ),
    ]);
  });

  it('refuses what is not a colour, and a stylesheet that is not a .css file', () => {
    expect(problems({ accentColor: 'blue', cssFile: 'brand.scss' })).toEqual([
      'branding.accentColor: expected a colour as #rrggbb, e.g. #1d4ed8',
      'branding.cssFile: expected the path of a .css file',
    ]);
    expect(problems({ accent: '#000000' })).toEqual(['branding.accent: unknown field (check the spelling)']);
  });

  it('resolves the stylesheet against the config file’s folder', () => {
    const config = parseConfig(
      { ...base, branding: { cssFile: 'brand/site.css' } },
      {},
      { baseDir: '/etc/passgate' },
    );
    expect(config.branding.cssFile).toBe('/etc/passgate/brand/site.css');
  });
});

describe('accentPalette()', () => {
  it('derives a dark-mode accent that passes AA for any accent that passes in light mode', () => {
    for (const accent of ['#000000', '#1d4ed8', '#0b5cad', '#b3261e', '#166534', '#6b21a8', '#7a5c00']) {
      expect(weakestContrast(accent, 'light').ratio).toBeGreaterThanOrEqual(4.5);
      const { light, dark } = accentPalette(accent, null);
      expect(dark.brand).toBe(deriveDarkAccent(accent));
      for (const colour of [dark.brand, dark.brandStrong])
        expect(weakestContrast(colour, 'dark').ratio).toBeGreaterThanOrEqual(4.5);
      expect(weakestContrast(light.brandStrong, 'light').ratio).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('keeps the hue: the derived dark accent is the accent tinted, not another colour', () => {
    const dark = deriveDarkAccent('#b3261e');
    expect(contrastRatio(dark, '#ffffff')).toBeGreaterThan(1.5);
    const [r, g, b] = [1, 3, 5].map((at) => Number.parseInt(dark.slice(at, at + 2), 16)) as [
      number,
      number,
      number,
    ];
    expect(r).toBeGreaterThan(g);
    expect(r).toBeGreaterThan(b);
  });

  it('writes both schemes into the rules appended to the stylesheet', () => {
    const css = accentCss(accentPalette('#0b5cad', '#9cc8ff'));
    expect(css).toContain(':root { --brand: #0b5cad;');
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{ :root \{ --brand: #9cc8ff;/);
  });
});
