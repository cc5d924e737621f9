/**
 * WCAG 2.2 colour arithmetic for `#rrggbb` colours: relative luminance, contrast ratio, and mixing
 * towards white or black (how the portal derives hover and dark-mode variants of the accent colour).
 * Formulas: https://www.w3.org/TR/WCAG22/#dfn-relative-luminance and #dfn-contrast-ratio.
 */

export type Rgb = readonly [number, number, number];

/** `#rgb` or `#rrggbb`, case-insensitive. */
export const HEX_COLOUR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Parses `#rgb` or `#rrggbb`; throws on anything else (callers validate with HEX_COLOUR first). */
export function parseHex(hex: string): Rgb {
  if (!HEX_COLOUR.test(hex)) throw new Error(`expected a #rrggbb colour, got ${hex}`);
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join('') : hex.slice(1);
  return [0, 2, 4].map((at) => Number.parseInt(digits.slice(at, at + 2), 16)) as unknown as Rgb;
}

/** `#rrggbb`, lower case. */
export function toHex(rgb: Rgb): string {
  return `#${rgb.map((channel) => Math.round(channel).toString(16).padStart(2, '0')).join('')}`;
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance, 0 (black) to 1 (white). */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHex(hex).map(linear) as unknown as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two colours, from 1 to 21; the order does not matter. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
    number,
    number,
  ];
  return (light + 0.05) / (dark + 0.05);
}

/** `hex` moved `amount` (0 to 1) of the way towards `target` in sRGB, rounded to a `#rrggbb` colour. */
export function mix(hex: string, target: string, amount: number): string {
  const from = parseHex(hex);
  const to = parseHex(target);
  return toHex(from.map((channel, i) => channel + ((to[i] ?? channel) - channel) * amount) as unknown as Rgb);
}

/** A ratio as people read it in contrast checkers: 2 decimals, truncated so 4.499 never shows as 4.50. */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}
