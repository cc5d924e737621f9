import { describe, expect, it } from 'vitest';
import { type RedirectHistory, recordRedirect } from './redirect-guard.js';

function run(steps: [tabId: number, now: number][], limit: number, windowMs: number): boolean[] {
  let history: RedirectHistory = {};
  return steps.map(([tabId, now]) => {
    const result = recordRedirect(history, tabId, now, limit, windowMs);
    history = result.history;
    return result.allowed;
  });
}

describe('recordRedirect()', () => {
  it('allows a few redirects of a tab, then refuses within the window', () => {
    expect(
      run(
        [0, 1, 2, 3].map((i) => [7, 1_000 + i]),
        3,
        30_000,
      ),
    ).toEqual([true, true, true, false]);
  });

  it('allows again once the window has passed', () => {
    expect(
      run(
        [
          [1, 0],
          [1, 1],
          [1, 2],
          [1, 10_001],
        ],
        2,
        10_000,
      ),
    ).toEqual([true, true, false, true]);
  });

  it('counts tabs separately', () => {
    expect(
      run(
        [
          [1, 0],
          [2, 0],
          [1, 1],
        ],
        1,
        10_000,
      ),
    ).toEqual([true, true, false]);
  });

  it('forgets tabs whose redirects are older than the window, closed or not', () => {
    const { history } = recordRedirect({ 5: [0], 6: [9_000] }, 1, 10_000, 3, 10_000);
    expect(history).toEqual({ 6: [9_000], 1: [10_000] });
  });
});
