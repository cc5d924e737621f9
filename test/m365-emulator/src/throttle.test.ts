import { describe, expect, it } from 'vitest';
import { ThrottleBuckets } from './throttle.js';

describe('ThrottleBuckets', () => {
  it("allows Entra's 3,000 writes per 150 s per app and tenant, then asks to wait", () => {
    const buckets = new ThrottleBuckets();
    for (let i = 0; i < 3000; i++) expect(buckets.take('t/app', 0)).toBe(0);
    expect(buckets.take('t/app', 0)).toBe(50); // one write refills every 150,000 / 3,000 ms
    expect(buckets.take('t/other-app', 0)).toBe(0);
  });

  it('refills continuously and can be scaled down for tests', () => {
    const buckets = new ThrottleBuckets();
    buckets.set({ writes: 2, perMs: 1_000 });
    expect([buckets.take('k', 0), buckets.take('k', 0), buckets.take('k', 0)]).toEqual([0, 0, 500]);
    const almost = buckets.take('k', 499);
    expect(almost).toBeGreaterThan(0);
    expect(almost).toBeLessThanOrEqual(2);
    expect(buckets.take('k', 1_000)).toBe(0);
  });
});
