import type { DnrRule } from '../src/lib/redirect-rules.js';

/**
 * What Chrome's declarativeNetRequest would do with `rules` for one request, following its
 * documented order: highest priority first, and at equal priority allow > block > redirect.
 * Test support only; the rules themselves are checked against real Chromium in test/e2e.
 */
export function simulateDnr(
  rules: readonly DnrRule[],
  url: string,
  request: { resourceType?: string; method?: 'get' | 'post' } = {},
): { type: 'none' } | { type: 'allow' | 'block' } | { type: 'redirect'; url: string } {
  const resourceType = request.resourceType ?? 'main_frame';
  const method = request.method ?? 'get';
  const order = { allow: 0, block: 1, redirect: 2 } as const;
  const matching = rules
    .filter((rule) => rule.condition.resourceTypes.includes(resourceType as never))
    .filter(
      (rule) =>
        rule.condition.requestMethods === undefined ||
        rule.condition.requestMethods.includes(method as 'post'),
    )
    .filter((rule) => new RegExp(rule.condition.regexFilter, 'i').test(url))
    .sort((a, b) => b.priority - a.priority || order[a.action.type] - order[b.action.type]);
  const winner = matching[0];
  if (winner === undefined) return { type: 'none' };
  if (winner.action.type !== 'redirect') return { type: winner.action.type };
  const substitution = winner.action.redirect?.regexSubstitution ?? '';
  const match = new RegExp(winner.condition.regexFilter, 'i').exec(url);
  return { type: 'redirect', url: substitution.replace(/\\0/g, match?.[0] ?? '') };
}
