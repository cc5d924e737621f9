/**
 * The page backgrounds of portal/public/passgate.css, light and dark: text in the accent colour sits on
 * both (links on the white card and on the grey bands; the surface colour is also the text on accent
 * buttons). page-palette.test.ts checks the stylesheet still says the same.
 */
export const PAGE_BACKGROUNDS = {
  light: { surface: '#ffffff', band: '#f3f4f7' },
  dark: { surface: '#1f1f25', band: '#131317' },
} as const;

export type ColourScheme = keyof typeof PAGE_BACKGROUNDS;

/** WCAG 2.2 AA, success criterion 1.4.3: normal-size text needs at least 4.5:1 against its background. */
export const WCAG_AA_TEXT_RATIO = 4.5;
