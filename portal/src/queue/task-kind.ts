/** What the queue needs of every claimed job: its id and the attempt count, which is also its claim token. */
export interface ClaimedJob {
  id: string;
  /** Bumped by each claim: only the attempt that holds the lease may finish the job. */
  attempts: number;
}

/** What one claim round asks of a task kind's claim statement (in store/port, per dialect). */
export interface ClaimRequest {
  now: number;
  /** Each claimed job is leased until now + leaseMs; a job whose lease ran out is due again. */
  leaseMs: number;
  limit: number;
  /**
   * Keys with a job in flight in this process. None of their jobs may be claimed: the job in flight
   * may have outlived its lease, and the key's jobs run one at a time, in order.
   */
  busyKeys: readonly string[];
  /** Jobs in flight in this process, which must not be claimed again here even once their lease ran out. */
  busyIds: readonly string[];
}

/** What the queue hands a task kind's handler with each claimed job. */
export interface Attempt {
  /** Aborts shortly before the job's lease runs out: work past it could overlap another claim's. */
  signal: AbortSignal;
  /**
   * How long to wait before trying this job again after a passing failure: `retryAfterMs` when the
   * service said when to come back, else the queue's backoff for this job's attempt count.
   */
  backoffMs(retryAfterMs?: number | null): number;
}

/**
 * How a handler's attempt ended. `done`: the job is settled as far as the queue is concerned (finished,
 * failed, rescheduled, or found reclaimed). `handed-on`: the job was a step toward another job of the
 * same kind (a reset request, resolved into a mail): `runOnce()` takes what it queued in the same call,
 * and counts that, not the step.
 */
export type RunResult = 'done' | 'handed-on';

/**
 * One kind of durable job on the queue (Graph jobs, mails). The kind says how its jobs are claimed
 * (the store port's statement for its table), which jobs must run one after another (the key), and
 * what one attempt does; the queue owns everything else: the loop, leases, backoff and wake-ups.
 */
export interface TaskKind<Job extends ClaimedJob> {
  /** For logs: 'sync', 'mail'. */
  name: string;
  /**
   * Claims up to `limit` due jobs, leasing each; at most one job per key, and only a key's oldest open
   * job, so a key's jobs run strictly in order (as graphile-worker runs the jobs of one queue_name).
   */
  claim(request: ClaimRequest): Promise<Job[]>;
  /** Jobs with the same key run one at a time, in the order they were queued; null: no order. */
  keyOf(job: Job): string | null;
  /**
   * One attempt at `job`: does the work and records the outcome with the job's claim token. A throw is
   * a crash: it is logged and the job keeps its lease, so it is claimed again once the lease runs out.
   */
  run(job: Job, attempt: Attempt): Promise<RunResult>;
  /**
   * Whether a job of `job`'s key is queued behind it (claimable once `job` settles). Asked when a keyed
   * job settles: only then does the loop look again at once. Without it, every keyed job's end wakes the
   * loop, and the round that follows mostly finds nothing.
   */
  queuedBehind?(job: Job): Promise<boolean>;
  /**
   * How soon after `at` a job this kind holds back as of `at` (a throttled tenant's) may be claimed, in
   * ms; the loop looks again then rather than after the whole poll interval. null: nothing held back
   * after `at`. The loop asks as of the start of its last round, which may be past: the end it gets back
   * may have passed too, and the next round then follows within 5 ms.
   */
  heldBackForMs?(at: number): number | null;
}
