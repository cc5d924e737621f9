import { contrastRatio, mix } from './contrast-ratio.js';
import { type ColourScheme, PAGE_BACKGROUNDS, WCAG_AA_TEXT_RATIO } from './page-palette.js';

/** The accent and its stronger shade (hover, outlined buttons) for one colour scheme. */
export interface AccentShades {
  brand: string;
  brandStrong: string;
}

export interface AccentPalette {
  light: AccentShades;
  dark: AccentShades;
}

/** The lowest contrast `colour` has against the backgrounds of a scheme, and which background that is. */
export function weakestContrast(colour: string, scheme: ColourScheme): { ratio: number; background: string } {
  return Object.values(PAGE_BACKGROUNDS[scheme])
    .map((background) => ({ ratio: contrastRatio(colour, background), background }))
    .reduce((worst, next) => (next.ratio < worst.ratio ? next : worst));
}

function readable(colour: string, scheme: ColourScheme): boolean {
  return weakestContrast(colour, scheme).ratio >= WCAG_AA_TEXT_RATIO;
}

/**
 * A colour that reads on the dark backgrounds, from one chosen for light mode: the accent tinted
 * towards white in small steps until it passes, so it stays recognisably the same hue. White itself
 * passes, so there is always an answer.
 */
export function deriveDarkAccent(accent: string): string {
  for (let step = 0; step <= 50; step += 1) {
    const candidate = mix(accent, '#ffffff', step / 50);
    if (readable(candidate, 'dark')) return candidate;
  }
  return '#ffffff';
}

/**
 * The accent colours the stylesheet is given. Moving the strong shade away from the background
 * (darker in light mode, lighter in dark mode) only raises its contrast, so it passes when the
 * accent does. Callers check the accents first (branding-config-schema.ts).
 */
export function accentPalette(accent: string, accentDark: string | null): AccentPalette {
  const dark = accentDark ?? deriveDarkAccent(accent);
  return {
    light: { brand: accent, brandStrong: mix(accent, '#000000', 0.3) },
    dark: { brand: dark, brandStrong: mix(dark, '#ffffff', 0.35) },
  };
}

/**
 * The rules appended to passgate.css at start: custom properties after the stylesheet's own, so they
 * win in both schemes. One file keeps the page at one stylesheet request and inside the CSP (no inline style).
 */
export function accentCss(palette: AccentPalette): string {
  const vars = (shades: AccentShades): string =>
    `--brand: ${shades.brand}; --brand-dark: ${shades.brandStrong};`;
  return [
    '',
    '/* branding.accentColor (config), checked for contrast at start */',
    `:root { ${vars(palette.light)} }`,
    `@media (prefers-color-scheme: dark) { :root { ${vars(palette.dark)} } }`,
    '',
  ].join('\n');
}
