import type { DnrRule } from './redirect-rules.js';

/** A rule as a string whose form does not depend on the order of keys in its objects. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * True when the installed dynamic rules are exactly the wanted ones (same ids, same content).
 * The browser stores dynamic rules on disk; a worker that re-installs identical rules on every
 * start rewrites them for nothing.
 */
export function sameRules(installed: readonly unknown[], wanted: readonly DnrRule[]): boolean {
  if (installed.length !== wanted.length) return false;
  const byId = (rules: readonly unknown[]): string[] =>
    [...rules].sort((a, b) => (a as DnrRule).id - (b as DnrRule).id).map(canonical);
  const left = byId(installed);
  const right = byId(wanted);
  return left.every((rule, index) => rule === right[index]);
}
