import type { ThrottleLimit } from './types.js';

/** Entra's identity-and-access write limit per app per tenant: 3,000 requests per 150 seconds. */
export const ENTRA_WRITE_LIMIT: ThrottleLimit = { writes: 3000, perMs: 150_000 };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** Token buckets keyed by tenant and app, refilled continuously at writes/perMs. */
export class ThrottleBuckets {
  private limit: ThrottleLimit = ENTRA_WRITE_LIMIT;
  private readonly buckets = new Map<string, Bucket>();

  set(limit: ThrottleLimit | null): void {
    this.limit = limit ?? ENTRA_WRITE_LIMIT;
    this.buckets.clear();
  }

  /** Takes one write; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string, now: number): number {
    const { writes, perMs } = this.limit;
    const ratePerMs = writes / perMs;
    const bucket = this.buckets.get(key) ?? { tokens: writes, updatedAt: now };
    bucket.tokens = Math.min(writes, bucket.tokens + (now - bucket.updatedAt) * ratePerMs);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / ratePerMs);
  }
}
