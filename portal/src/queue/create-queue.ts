import type { Logger } from 'pino';
import type { WalScrubber } from '../store/wal-scrubber.js';
import { type BackoffPolicy, backoffMs } from './backoff.js';
import { leaseDeadlineMs } from './lease-deadline.js';
import type { Attempt, ClaimedJob, RunResult, TaskKind } from './task-kind.js';
import { createWakeablePause } from './wakeable-pause.js';

export interface QueueOptions {
  /** Jobs run at once in this process (different keys only: a key has one in flight at most). */
  concurrency: number;
  /** How long a claimed job stays reserved; a crashed process's job is claimable again after this. */
  leaseMs: number;
  /** How often the loop looks for due jobs when nothing wakes it. */
  pollIntervalMs: number;
  backoff: BackoffPolicy;
  /** The store's: wiped payloads leave the WAL once per round (see WalScrubber). */
  walScrubber: Pick<WalScrubber, 'scrub'>;
  logger: Logger;
  now: () => Date;
  random?: () => number;
}

export interface Queue {
  start(): void;
  /** Stops claiming and waits for the jobs in flight (runOnce still works: tests drive the queue by hand). */
  stop(): Promise<void>;
  /** A job was queued: look now rather than at the next poll. */
  wake(): void;
  /**
   * One claim round, waiting for what it claimed (and for what those handed on), then a WAL scrub.
   * Returns how many jobs were tried, handed-on steps not counted.
   */
  runOnce(): Promise<number>;
}

interface Running {
  job: ClaimedJob;
  work: Promise<RunResult>;
}

/**
 * The one durable queue loop: claims due jobs of one task kind through its store-port statement,
 * leases them, runs them with a deadline inside the lease, keeps a key's jobs one at a time, and
 * sleeps until woken, a held-back job comes due, or the poll interval passes.
 */
export function createQueue<Job extends ClaimedJob>(kind: TaskKind<Job>, options: QueueOptions): Queue {
  const { logger, now, walScrubber } = options;
  const inflight = new Map<string, Promise<RunResult>>();
  /** Every job's whole handling, to its look behind it: a job leaves `inflight` before that look ends. */
  const unsettled = new Set<Promise<RunResult>>();
  const busyKeys = new Set<string>();
  const pause = createWakeablePause();
  let running = false;
  /** How many jobs the last claim round could take (the free slots). */
  let lastLimit = 0;
  let loopDone: Promise<void> = Promise.resolve();
  /** Which start() the running loop belongs to: a loop left over from before a stop() ends at its next turn. */
  let generation = 0;

  function attemptFor(job: Job): Attempt {
    return {
      // Real time, not `now`: the lease is measured against the clock of whichever process claims next.
      signal: AbortSignal.timeout(leaseDeadlineMs(options.leaseMs)),
      backoffMs: (retryAfterMs = null) =>
        backoffMs(job.attempts, options.backoff, retryAfterMs, options.random),
    };
  }

  function begin(job: Job): Running {
    const key = kind.keyOf(job);
    if (key !== null) busyKeys.add(key);
    const work = kind
      .run(job, attemptFor(job))
      .catch((error: unknown): RunResult => {
        logger.error(
          { err: error, jobId: job.id, attempt: job.attempts },
          `${kind.name} job crashed; it is taken up again when its lease runs out`,
        );
        return 'done';
      })
      .then(async (result) => {
        const slotWasMissing = inflight.size >= options.concurrency;
        inflight.delete(job.id);
        if (key !== null) busyKeys.delete(key);
        // This job may have been told to wait (a tenant's pause on a 429) while the loop slept, planning
        // its sleep without that pause: it looks again when the pause ends, not at its next poll.
        const heldBack = kind.heldBackForMs?.(now().getTime()) ?? null;
        if (heldBack !== null) pause.wakeWithin(Math.max(5, heldBack));
        // A round now finds something only if a job waited for this slot or this key, or this one handed
        // on a step. Otherwise it would find nothing, and its claim transaction was most of the SQL of a
        // quiet password change (bench:portal --count-statements): the loop sleeps on, and the WAL scrub
        // of this job's wipe comes with the next round (a wake, or the poll interval at the latest).
        if (result === 'handed-on' || slotWasMissing || (key !== null && (await keyMayWait(job))))
          pause.wake();
        return result;
      });
    inflight.set(job.id, work);
    unsettled.add(work);
    // Settled either way: a job whose promise rejected must not keep stop() from waiting for the rest.
    void work.then(
      () => unsettled.delete(work),
      () => unsettled.delete(work),
    );
    return { job, work };
  }

  async function keyMayWait(job: Job): Promise<boolean> {
    if (kind.queuedBehind === undefined) return true;
    try {
      // Awaited inside the try: a look that throws before it returns a promise is caught as well.
      return await kind.queuedBehind(job);
    } catch (error) {
      logger.warn({ err: error, jobId: job.id }, `looking for ${kind.name} jobs queued behind one failed`);
      return true;
    }
  }

  async function claimRound(): Promise<Running[]> {
    const free = options.concurrency - inflight.size;
    lastLimit = free;
    if (free <= 0) return [];
    const jobs = await kind.claim({
      now: now().getTime(),
      leaseMs: options.leaseMs,
      limit: free,
      busyKeys: [...busyKeys],
      busyIds: [...inflight.keys()],
    });
    return jobs.map(begin);
  }

  /**
   * How long to sleep after a round that began at `roundAt`: until the first end of what was held back
   * then. Asked as of the round's start, not of now: a pause that ended while the round was under way (or
   * whose timer fired a moment early) left jobs passed over that are due now, and with nothing held back
   * as of now the loop would sleep out the whole poll interval. Such a round is followed by another
   * within 5 ms.
   */
  function nextWaitMs(roundAt: number): number {
    const heldBack = kind.heldBackForMs?.(roundAt) ?? null;
    const untilDue = heldBack === null ? Number.POSITIVE_INFINITY : roundAt + heldBack - now().getTime();
    return Math.max(5, Math.min(options.pollIntervalMs, untilDue));
  }

  async function loop(mine: number): Promise<void> {
    const current = (): boolean => running && mine === generation;
    while (current()) {
      const roundAt = now().getTime();
      let claimed = 0;
      try {
        // Jobs that finished since the last round are scrubbed together, at most once a second
        // (SCRUB_SPACING_MS); a checkpoint blocked by a reader, or deferred, stays due and is tried again
        // next round (a round comes every pollIntervalMs at least).
        await walScrubber.scrub({ spaced: true });
        claimed = (await claimRound()).length;
      } catch (error) {
        logger.error({ err: error }, `claiming ${kind.name} jobs failed`);
      }
      if (!current()) break;
      const full = inflight.size >= options.concurrency;
      // A round that filled every free slot may have left due jobs: look again. One that took fewer took
      // every due job it could; the others wait for a job in flight, whose end wakes the loop.
      if (claimed > 0 && claimed === lastLimit && !full) continue;
      await pause.sleep(full ? options.pollIntervalMs : nextWaitMs(roundAt));
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      generation += 1;
      loopDone = loop(generation);
    },
    async stop(): Promise<void> {
      running = false;
      pause.wake();
      await loopDone;
      // Not `inflight`: a store closed after stop() must not meet a job's last query still running.
      await Promise.allSettled(unsettled);
      await walScrubber.scrub();
    },
    wake(): void {
      pause.wake();
    },
    async runOnce(): Promise<number> {
      let tried = 0;
      for (;;) {
        const results = await Promise.all((await claimRound()).map((started) => started.work));
        tried += results.filter((result) => result === 'done').length;
        // A step queued its follow-up just now (a resolved reset request, its mail): take it in this call.
        if (!results.includes('handed-on')) break;
      }
      await walScrubber.scrub();
      return tried;
    },
  };
}
