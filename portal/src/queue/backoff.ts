/** How a task kind spaces its retries: the first wait, doubling per attempt up to the longest. */
export interface BackoffPolicy {
  firstMs: number;
  maxMs: number;
}

/**
 * The longest `Retry-After` honoured. Microsoft's throttling asks for seconds to minutes; a larger value
 * (a misbehaving proxy, a date far in the future) would otherwise stop a tenant's queue, on every
 * instance, for as long as it says.
 */
export const LONGEST_RETRY_AFTER_MS = 15 * 60_000;

/**
 * How long a job waits before its next attempt, after `attempts` tries (the one that just failed
 * included). A service that said when to come back (Graph's `Retry-After`) is taken at its word, even
 * past `maxMs`, up to LONGEST_RETRY_AFTER_MS: Microsoft asks clients to wait exactly that long and not
 * retry sooner (https://learn.microsoft.com/en-us/graph/throttling). Otherwise the wait doubles from
 * `policy.firstMs` up to `policy.maxMs`, jittered in its upper half so that jobs which failed together
 * (one outage) do not all come back in the same instant.
 */
export function backoffMs(
  attempts: number,
  policy: BackoffPolicy,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return Math.min(retryAfterMs, LONGEST_RETRY_AFTER_MS);
  const ceiling = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
