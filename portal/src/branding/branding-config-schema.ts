import { z } from 'zod';
import { weakestContrast } from './accent-palette.js';
import { formatRatio, HEX_COLOUR } from './contrast-ratio.js';
import { type ColourScheme, WCAG_AA_TEXT_RATIO } from './page-palette.js';

const hexColour = z
  .string({ error: 'expected a colour as #rrggbb, e.g. #1d4ed8' })
  .trim()
  .regex(HEX_COLOUR, { error: 'expected a colour as #rrggbb, e.g. #1d4ed8' })
  .toLowerCase();

/**
 * `branding`: the organisation's accent colour and an optional stylesheet of its own. An accent that
 * fails WCAG AA for text against the page background is refused at start, with the ratio, because
 * links, buttons and headers' text use it: a brand colour must never make the password form unreadable.
 */
export const brandingConfigSchema = z
  .strictObject({
    /** Links, buttons and the header rule in light mode; also the source of the dark-mode accent. */
    accentColor: hexColour.nullable().default(null),
    /** The accent in dark mode; by default derived from accentColor (tinted until it reads on the dark page). */
    accentColorDark: hexColour.nullable().default(null),
    /** A CSS file served from the portal after its own stylesheet (same origin: the CSP allows nothing else). */
    cssFile: z
      .string({ error: 'expected the path of a .css file' })
      .regex(/\.css$/i, { error: 'expected the path of a .css file' })
      .nullable()
      .default(null),
  })
  .superRefine((branding, ctx) => {
    const check = (field: 'accentColor' | 'accentColorDark', scheme: ColourScheme, fix: string): void => {
      const colour = branding[field];
      // zod runs this even when a field failed its own check: judge only what is a colour.
      if (colour === null || !HEX_COLOUR.test(colour)) return;
      const { ratio, background } = weakestContrast(colour, scheme);
      if (ratio >= WCAG_AA_TEXT_RATIO) return;
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message:
          `contrast ${formatRatio(ratio)} against the ${scheme} page background ${background}; ` +
          `WCAG AA needs at least ${WCAG_AA_TEXT_RATIO}:1 for text: ${fix}`,
      });
    };
    check('accentColor', 'light', 'choose a darker colour');
    check(
      'accentColorDark',
      'dark',
      'choose a lighter colour, or leave accentColorDark out and one is derived from accentColor',
    );
  });

export type BrandingConfig = z.output<typeof brandingConfigSchema>;
