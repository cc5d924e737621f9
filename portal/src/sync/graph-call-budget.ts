/**
 * The most Graph requests one job makes one after another, each allowed the tenant's `timeoutMs`: a
 * token, the PATCH and its one retry, then either the look-up that explains a refusal or the session
 * revoke, each with its retry. The job's lease must outlast them all (the config refuses less), or
 * another worker takes the job over and may apply a newer password before this one's request lands.
 */
export const GRAPH_REQUESTS_PER_JOB = 6;

/**
 * How long a job's Graph calls may run before they are cancelled: a little less than the lease, so the
 * worker still holds the claim when it records the outcome (usually "try again later").
 */
export function graphCallDeadlineMs(leaseMs: number): number {
  return leaseMs - Math.min(5_000, Math.floor(leaseMs / 5));
}
