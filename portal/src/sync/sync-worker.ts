import { EventEmitter } from 'node:events';
import type { RefusalCode } from '@passgate/core/codes';
import { type M365Client, M365Error } from '@passgate/core/graph';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { createWakeablePause } from '../background/wakeable-pause.js';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import { claimJobs, type OutboxJob } from '../store/port/claim-jobs.js';
import type { WalScrubber } from '../store/wal-scrubber.js';
import { backoffMs, classifyFailure } from './classify-failure.js';
import { sealContext } from './enqueue-set-password.js';
import { completeJob, failJob, rescheduleJob } from './finish-job.js';
import { graphCallDeadlineMs } from './graph-call-budget.js';

export type JobOutcome =
  | { jobId: string; status: 'done' }
  | { jobId: string; status: 'failed'; code: string; refusal: RefusalCode }
  | { jobId: string; status: 'retrying'; code: string; nextAttemptAt: number }
  | { jobId: string; status: 'superseded' };

/** What the worker reports to monitoring (PortalMetrics); every call is cheap and never throws. */
export interface SyncMetrics {
  /** Every outcome the worker emits, once. */
  jobSettled(outcome: JobOutcome): void;
  /** Microsoft paused a tenant: `seconds` is how much later than before the tenant may be called again. */
  tenantPaused(tenant: string, code: string, seconds: number): void;
}

export interface SyncWorkerOptions {
  db: Kysely<Database>;
  /** One client per tenant name. */
  clients: ReadonlyMap<string, M365Client>;
  sealer: Sealer;
  /** The store's: a finished job's wiped password leaves the WAL once per round (see WalScrubber). */
  walScrubber: WalScrubber;
  logger: Logger;
  now: () => Date;
  concurrency: number;
  leaseMs: number;
  pollIntervalMs: number;
  maxBackoffMs: number;
  random?: () => number;
  metrics?: SyncMetrics;
}

export interface SyncWorker {
  start(): void;
  /** Stops claiming and waits for the jobs in flight. */
  stop(): Promise<void>;
  /** A job was queued: look now rather than at the next poll. */
  wake(): void;
  /** Called for every job this worker settles (in this process). Returns an unsubscribe function. */
  onOutcome(listener: (outcome: JobOutcome) => void): () => void;
  /** One claim round, waiting for what it claimed (for tests and the CLI). Returns how many ran. */
  runOnce(): Promise<number>;
}

// Microsoft's own retries inside one call stay short: long waits belong to the queue, not to a
// request holding a lease (and, on the first attempt, a person waiting for the page).
const CALL_OPTIONS = { maxRetries: 1, maxRetryWaitMs: 2_000 };

/** The outbox worker: applies queued password changes and enable/disable to Microsoft 365, in order per user. */
export function createSyncWorker(options: SyncWorkerOptions): SyncWorker {
  const { db, clients, sealer, walScrubber, logger, now } = options;
  const events = new EventEmitter();
  // One listener per change request waiting for its job: hundreds at once are normal, not a leak.
  events.setMaxListeners(0);
  const inflight = new Map<string, Promise<void>>();
  const busyUsers = new Set<string>();
  const pausedUntil = new Map<string, number>();
  let running = false;
  let loopDone: Promise<void> = Promise.resolve();
  const pause = createWakeablePause();
  const wake = (): void => pause.wake();

  // Every settled job passes here, and only once (its finishing write won): the one place to count them.
  function emit(outcome: JobOutcome): void {
    options.metrics?.jobSettled(outcome);
    events.emit('outcome', outcome);
  }

  /**
   * The call options of one claimed job: its Graph calls are cancelled shortly before its lease ends
   * (real time), so a slow call never outlives the claim while another worker applies a newer job.
   */
  function callOptionsFor(): { signal: AbortSignal; maxRetries: number; maxRetryWaitMs: number } {
    return { ...CALL_OPTIONS, signal: AbortSignal.timeout(graphCallDeadlineMs(options.leaseMs)) };
  }

  /** A call cancelled by the lease deadline is a passing outage: the job is tried again, password kept. */
  function explainAbort(error: unknown, signal: AbortSignal): unknown {
    if (!signal.aborted) return error;
    return new M365Error('UNAVAILABLE', 'no answer from Microsoft 365 before the job lease ran out', {
      cause: error,
    });
  }

  async function apply(job: OutboxJob): Promise<void> {
    const log = logger.child({
      jobId: job.id,
      userId: job.user_id,
      tenant: job.tenant,
      attempt: job.attempts,
    });
    const client = clients.get(job.tenant);
    const callOptions = callOptionsFor();
    if (job.kind === 'set_account_enabled') {
      await applyEnabled(job, client, log, callOptions);
      return;
    }
    let password: string;
    try {
      if (job.payload === null) throw new Error('payload already wiped');
      if (client === undefined) throw new Error(`tenant "${job.tenant}" is no longer in the config`);
      password = sealer.open(job.payload, sealContext(job.id, job.user_id));
    } catch (error) {
      // A payload that cannot be opened (secret key replaced) or a tenant that is gone will not heal.
      const message = error instanceof Error ? error.message : String(error);
      log.error({ reason: message }, 'sync job cannot run');
      if (
        await failJob(db, job, { code: 'CANNOT_RUN', message, refusal: 'MICROSOFT_REFUSED_UPDATE' }, now())
      ) {
        emit({ jobId: job.id, status: 'failed', code: 'CANNOT_RUN', refusal: 'MICROSOFT_REFUSED_UPDATE' });
      }
      return;
    }
    try {
      await client.setPassword(job.upn, password, {
        ...callOptions,
        enableAccount: job.enable_account === 1,
        userInitiated: job.attempts === 1,
      });
    } catch (error) {
      await settleFailure(job, explainAbort(error, callOptions.signal), log);
      return;
    }
    if (job.revoke_sessions === 1) {
      // Best effort: the password is already changed, which is what matters; a failed revoke is logged.
      await client.revokeSessions(job.upn, callOptions).catch((error: unknown) => {
        log.warn({ err: error }, 'revoking Microsoft 365 sign-in sessions failed');
      });
    }
    if (await completeJob(db, job, now())) {
      log.info('password applied in Microsoft 365');
      emit({ jobId: job.id, status: 'done' });
    } else {
      log.warn('password applied, but the job was reclaimed meanwhile (lease ran out)');
    }
  }

  async function applyEnabled(
    job: OutboxJob,
    client: M365Client | undefined,
    log: Logger,
    callOptions: ReturnType<typeof callOptionsFor>,
  ): Promise<void> {
    const enabled = job.enable_account === 1;
    if (client === undefined) {
      const message = `tenant "${job.tenant}" is no longer in the config`;
      if (await failJob(db, job, { code: 'CANNOT_RUN', message, refusal: 'MICROSOFT_REFUSED_UPDATE' }, now()))
        emit({ jobId: job.id, status: 'failed', code: 'CANNOT_RUN', refusal: 'MICROSOFT_REFUSED_UPDATE' });
      return;
    }
    try {
      await client.setAccountEnabled(job.upn, enabled, callOptions);
    } catch (error) {
      await settleFailure(job, explainAbort(error, callOptions.signal), log);
      return;
    }
    if (await completeJob(db, job, now())) {
      log.info({ enabled }, 'sign-in state applied in Microsoft 365');
      emit({ jobId: job.id, status: 'done' });
    }
  }

  async function settleFailure(job: OutboxJob, error: unknown, log: Logger): Promise<void> {
    const failure = classifyFailure(error, job.attempts);
    if (failure.kind === 'final') {
      log.warn({ code: failure.code, reason: failure.message }, 'Microsoft 365 refused the job');
      if (await failJob(db, job, failure, now()))
        emit({ jobId: job.id, status: 'failed', code: failure.code, refusal: failure.refusal });
      return;
    }
    const at = now().getTime();
    const wait = failure.retryAfterMs ?? backoffMs(job.attempts, options.maxBackoffMs, options.random);
    const until = pausedUntil.get(job.tenant) ?? 0;
    if (failure.pauseTenant && at + wait > until) {
      // Jobs throttled together extend one pause: only the part past the current end is new.
      options.metrics?.tenantPaused(job.tenant, failure.code, (at + wait - Math.max(until, at)) / 1000);
      pausedUntil.set(job.tenant, at + wait);
    }
    const result = await rescheduleJob(db, job, at + wait, `${failure.code}: ${failure.message}`, now());
    log.info({ code: failure.code, waitMs: wait, result }, 'sync job will be retried');
    if (result === 'rescheduled')
      emit({ jobId: job.id, status: 'retrying', code: failure.code, nextAttemptAt: at + wait });
    if (result === 'superseded') emit({ jobId: job.id, status: 'superseded' });
  }

  async function claimRound(): Promise<OutboxJob[]> {
    const free = options.concurrency - inflight.size;
    if (free <= 0) return [];
    const at = now().getTime();
    const skipTenants = [...pausedUntil].filter(([, until]) => until > at).map(([tenant]) => tenant);
    const jobs = await claimJobs(db, {
      now: at,
      leaseMs: options.leaseMs,
      limit: free,
      skipTenants,
      skipUsers: [...busyUsers],
    });
    for (const job of jobs) {
      busyUsers.add(job.user_id);
      const work = apply(job)
        .catch((error: unknown) => logger.error({ err: error, jobId: job.id }, 'sync job crashed'))
        .finally(() => {
          inflight.delete(job.id);
          busyUsers.delete(job.user_id);
          wake();
        });
      inflight.set(job.id, work);
    }
    return jobs;
  }

  function nextWaitMs(): number {
    const at = now().getTime();
    const pauses = [...pausedUntil.values()].filter((until) => until > at).map((until) => until - at);
    return Math.max(5, Math.min(options.pollIntervalMs, ...pauses));
  }

  async function loop(): Promise<void> {
    while (running) {
      let claimed = 0;
      try {
        // Each settled job wakes this loop, so jobs that finished since the last round are scrubbed
        // together; a checkpoint blocked by a reader stays due and is tried again next round.
        await walScrubber.scrub();
        claimed = (await claimRound()).length;
      } catch (error) {
        logger.error({ err: error }, 'claiming sync jobs failed');
      }
      if (!running) break;
      const full = inflight.size >= options.concurrency;
      if (claimed > 0 && !full) continue;
      await pause.sleep(full ? options.pollIntervalMs : nextWaitMs());
    }
  }

  return {
    start(): void {
      if (running) return;
      running = true;
      loopDone = loop();
    },
    async stop(): Promise<void> {
      running = false;
      pause.wake();
      await loopDone;
      await Promise.all(inflight.values());
      await walScrubber.scrub();
    },
    wake,
    onOutcome(listener: (outcome: JobOutcome) => void): () => void {
      events.on('outcome', listener);
      return () => events.off('outcome', listener);
    },
    async runOnce(): Promise<number> {
      const jobs = await claimRound();
      await Promise.all(jobs.map((job) => inflight.get(job.id)));
      await walScrubber.scrub();
      return jobs.length;
    },
  };
}
