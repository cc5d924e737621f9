import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One axe-core finding, reduced to what a failing test should print. */
export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** The axe rules whose outcome depends on colours alone (contrast of text, of links within text). */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA, plus best practices) on the page as it is now. axe is
 * evaluated through the DevTools protocol, which the page's strict CSP does not govern, so the page
 * is checked exactly as served. `rules: 'colour'` runs only the rules that look at colours, for a second
 * colour scheme of a page whose stylesheet changes nothing but colours between schemes
 * (page-palette.test.ts shows passgate.css does): every other rule would find what it found in the first. `shadowPath` limits the check to one element inside a shadow root
 * (host selector, then the selector inside it): the extension's notice on a page that is not ours.
 */
export async function axeViolations(
  page: Page,
  shadowPath?: string[],
  rules: 'all' | 'colour' = 'all',
): Promise<AxeViolation[]> {
  // Once per document: scanning one page again (another width or scheme) reuses it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const runOnly =
    rules === 'colour'
      ? { type: 'rule', values: COLOUR_RULES }
      : { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] };
  return page.evaluate(
    async ({ path, runOnly }) => {
      const axe = (
        window as unknown as {
          axe: {
            run: (
              context: unknown,
              options: unknown,
            ) => Promise<{
              violations: {
                id: string;
                impact: string | null;
                help: string;
                nodes: { target: string[] }[];
              }[];
            }>;
          };
        }
      ).axe;
      const context = path === undefined ? document : { include: [{ fromShadowDom: path }] };
      const result = await axe.run(context, {
        runOnly,
        // Every rule still runs on every node; only the passes, incomplete and inapplicable results (which
        // nothing here reads) keep one node each instead of a selector built for every node they matched.
        // Violations are reported in full. A scan takes about half the time (axe-core's `resultTypes`).
        resultTypes: ['violations'],
      });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(' ')),
      }));
    },
    { path: shadowPath, runOnly },
  );
}
