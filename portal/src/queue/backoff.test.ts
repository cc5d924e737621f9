import { describe, expect, it } from 'vitest';
import { backoffMs, LONGEST_RETRY_AFTER_MS } from './backoff.js';

const graph = { firstMs: 1_000, maxMs: 300_000 };
const mail = { firstMs: 30_000, maxMs: 3 * 3_600_000 };

describe('backoffMs()', () => {
  it('doubles per attempt within a jitter band in its upper half', () => {
    expect(backoffMs(1, graph, null, () => 0)).toBe(500);
    expect(backoffMs(1, graph, null, () => 1)).toBe(1_000);
    expect(backoffMs(4, graph, null, () => 1)).toBe(8_000);
    expect(backoffMs(2, mail, null, () => 1)).toBe(60_000);
    expect(backoffMs(2, mail, null, () => 0.5)).toBe(45_000);
  });

  it('stops at the longest wait of the policy', () => {
    expect(backoffMs(30, graph, null, () => 1)).toBe(300_000);
    expect(backoffMs(30, mail, null, () => 1)).toBe(3 * 3_600_000);
    // 2 ** 2000 is Infinity: still capped.
    expect(backoffMs(2_000, graph, null, () => 1)).toBe(300_000);
  });

  it('waits exactly as long as Retry-After says, even past the cap', () => {
    expect(backoffMs(1, graph, 7_000, () => 0)).toBe(7_000);
    expect(backoffMs(9, graph, 900_000, () => 0)).toBe(900_000);
  });

  it('never waits longer than 15 minutes, whatever Retry-After says', () => {
    expect(LONGEST_RETRY_AFTER_MS).toBe(900_000);
    expect(backoffMs(1, graph, 999_999_999_000, () => 0)).toBe(900_000);
  });
});
