import { describe, expect, it } from 'vitest';
import { createRedirectGuard } from './redirect-guard.js';

describe('createRedirectGuard()', () => {
  it('allows a few redirects of a tab, then refuses within the window', () => {
    const guard = createRedirectGuard(3, 30_000);
    expect([0, 1, 2, 3].map((i) => guard.allow(7, 1_000 + i))).toEqual([true, true, true, false]);
  });

  it('allows again once the window has passed', () => {
    const guard = createRedirectGuard(2, 10_000);
    guard.allow(1, 0);
    guard.allow(1, 1);
    expect(guard.allow(1, 2)).toBe(false);
    expect(guard.allow(1, 10_001)).toBe(true);
  });

  it('counts tabs separately and forgets closed tabs', () => {
    const guard = createRedirectGuard(1, 10_000);
    expect(guard.allow(1, 0)).toBe(true);
    expect(guard.allow(2, 0)).toBe(true);
    expect(guard.allow(1, 1)).toBe(false);
    guard.forget(1);
    expect(guard.allow(1, 2)).toBe(true);
  });
});
