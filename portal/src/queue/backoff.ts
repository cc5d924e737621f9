/** How a task kind spaces its retries: the first wait, doubling per attempt up to the longest. */
export interface BackoffPolicy {
  firstMs: number;
  maxMs: number;
}

/**
 * How long a job waits before its next attempt, after `attempts` tries (the one that just failed
 * included). A service that said when to come back (Graph's `Retry-After`) is taken at its word, even
 * past `maxMs`: Microsoft asks clients to wait exactly that long and not retry sooner
 * (https://learn.microsoft.com/en-us/graph/throttling). Otherwise the wait doubles from
 * `policy.firstMs` up to `policy.maxMs`, jittered in its upper half so that jobs which failed together
 * (one outage) do not all come back in the same instant.
 */
export function backoffMs(
  attempts: number,
  policy: BackoffPolicy,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null) return retryAfterMs;
  const ceiling = Math.min(policy.maxMs, policy.firstMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
