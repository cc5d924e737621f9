/**
 * How long one attempt's work (its calls to Microsoft 365, say) may run before it is cancelled: a
 * little less than the lease, so the attempt still holds its claim when it records the outcome
 * (usually "try again later"). Work that outlived the lease could land after another claim of the
 * same job, or after the key's next job, and undo it.
 */
export function leaseDeadlineMs(leaseMs: number): number {
  return leaseMs - Math.min(5_000, Math.floor(leaseMs / 5));
}
