import { EventEmitter } from 'node:events';
import type { RefusalCode } from '@passgate/core/codes';
import { type M365Client, M365Error } from '@passgate/core/graph';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Sealer } from '../crypto/sealer.js';
import type { UndoNoticeDeps } from '../notifications/undo-password-notice.js';
import { LONGEST_RETRY_AFTER_MS } from '../queue/backoff.js';
import { createQueue } from '../queue/create-queue.js';
import type { Attempt, RunResult, TaskKind } from '../queue/task-kind.js';
import type { Database } from '../store/database-schema.js';
import { claimJobs, jobQueuedBehind, type OutboxJob } from '../store/port/claim-jobs.js';
import type { WalScrubber } from '../store/wal-scrubber.js';
import { classifyFailure } from './classify-failure.js';
import { endedWithoutAnswer } from './ended-without-answer.js';
import { sealContext } from './enqueue-set-password.js';
import { beforeSendingAgain, completeJob, failJob, rescheduleJob } from './finish-job.js';
import { holdJob } from './hold-job.js';
import { sharedTenantPauses } from './shared-tenant-pauses.js';
import { tenantHealthRecorder } from './tenant-health-recorder.js';

export type JobOutcome =
  | { jobId: string; status: 'done' }
  | { jobId: string; status: 'failed'; code: string; refusal: RefusalCode }
  | { jobId: string; status: 'retrying'; code: string; nextAttemptAt: number }
  | { jobId: string; status: 'superseded' };

/** What the worker reports to monitoring (PortalMetrics); every call is cheap and never throws. */
export interface SyncMetrics {
  /** Every outcome the worker emits, once. */
  jobSettled(outcome: JobOutcome): void;
  /**
   * Microsoft paused a tenant: `seconds` is how much this instance's answer added to the tenant's pause as
   * every instance shares it (past its end as any instance recorded it), so summed over the instances
   * each second of pause counts once.
   */
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
  /** To tell a person their "password changed" notice was untrue (failJob): the runtime's. */
  notices?: UndoNoticeDeps;
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
  const { db, clients, sealer, logger, now } = options;
  const events = new EventEmitter();
  // One listener per change request waiting for its job: hundreds at once are normal, not a leak.
  events.setMaxListeners(0);
  // Microsoft's pauses, shared with every other instance through the database.
  const pauses = sharedTenantPauses(db, logger);
  // What the admin console shows of each tenant's connection (last success, last error, pauses).
  const health = tenantHealthRecorder(db, now, logger);

  // Every settled job passes here, and only once (its finishing write won): the one place to count them.
  function emit(outcome: JobOutcome): void {
    options.metrics?.jobSettled(outcome);
    events.emit('outcome', outcome);
  }

  /** A call cancelled by the lease deadline is a passing outage: the job is tried again, password kept. */
  function explainAbort(error: unknown, signal: AbortSignal): unknown {
    if (!signal.aborted) return error;
    return new M365Error('UNAVAILABLE', 'no answer from Microsoft 365 before the job lease ran out', {
      cause: error,
    });
  }

  async function cannotRun(job: OutboxJob, message: string, log: Logger): Promise<void> {
    log.error({ reason: message }, 'sync job cannot run');
    if (await failJob(db, job, { code: 'CANNOT_RUN', message, refusal: 'MICROSOFT_REFUSED_UPDATE' }, now()))
      emit({ jobId: job.id, status: 'failed', code: 'CANNOT_RUN', refusal: 'MICROSOFT_REFUSED_UPDATE' });
  }

  /** Applies one claimed job to Microsoft 365 and finishes it (with its claim token). */
  async function apply(job: OutboxJob, attempt: Attempt): Promise<RunResult> {
    const log = logger.child({
      jobId: job.id,
      userId: job.user_id,
      tenant: job.tenant,
      attempt: job.attempts,
    });
    const client = clients.get(job.tenant);
    // The calls end shortly before the lease does (the attempt's signal), while this claim still holds.
    const callOptions = { ...CALL_OPTIONS, signal: attempt.signal };
    if (client === undefined) {
      // A tenant that is gone from the config will not come back for this job.
      await cannotRun(job, `tenant "${job.tenant}" is no longer in the config`, log);
      return 'done';
    }
    // Taken up again (after a hold or a crash) with a newer password waiting: only the newest is sent.
    const taken = job.attempts > 1 ? await beforeSendingAgain(db, job, now()) : 'send';
    if (taken === 'superseded') {
      log.info('superseded by a newer password before it was sent again');
      emit({ jobId: job.id, status: 'superseded' });
      return 'done';
    }
    if (taken === 'lost') {
      log.warn('not sent: the job was taken up again by another attempt (lease ran out)');
      return 'done';
    }
    try {
      if (job.kind === 'set_account_enabled') {
        await client.setAccountEnabled(job.upn, job.enable_account === 1, callOptions);
      } else {
        let password: string;
        try {
          if (job.payload === null) throw new Error('payload already wiped');
          password = sealer.open(job.payload, sealContext(job.id, job.user_id));
        } catch (error) {
          // A payload that cannot be opened (secret key replaced) will not heal.
          await cannotRun(job, error instanceof Error ? error.message : String(error), log);
          return 'done';
        }
        await client.setPassword(job.upn, password, {
          ...callOptions,
          enableAccount: job.enable_account === 1,
          userInitiated: job.attempts === 1,
        });
        if (job.revoke_sessions === 1) {
          // Best effort: the password is already changed, which is what matters; a failed revoke is logged.
          await client.revokeSessions(job.upn, callOptions).catch((error: unknown) => {
            log.warn({ err: error }, 'revoking Microsoft 365 sign-in sessions failed');
          });
        }
      }
    } catch (error) {
      await settleFailure(job, explainAbort(error, attempt.signal), attempt, log);
      return 'done';
    }
    await health.ok(job.tenant);
    if (await completeJob(db, job, now())) {
      if (job.kind === 'set_account_enabled')
        log.info({ enabled: job.enable_account === 1 }, 'sign-in state applied in Microsoft 365');
      else log.info('password applied in Microsoft 365');
      emit({ jobId: job.id, status: 'done' });
    } else {
      log.warn('applied in Microsoft 365, but the job was reclaimed meanwhile (lease ran out)');
    }
    return 'done';
  }

  async function settleFailure(job: OutboxJob, error: unknown, attempt: Attempt, log: Logger): Promise<void> {
    const failure = classifyFailure(error, job.attempts);
    const at = now().getTime();
    const wait = failure.kind === 'retry' ? attempt.backoffMs(failure.retryAfterMs) : 0;
    if (failure.kind === 'retry' && (failure.retryAfterMs ?? 0) > LONGEST_RETRY_AFTER_MS)
      log.warn(
        { askedMs: failure.retryAfterMs, waitMs: wait },
        'Microsoft 365 asked for a longer wait than is honoured',
      );
    if (failure.kind === 'retry' && failure.pauseTenant) {
      // First of all: until this is recorded, the other instances keep calling into a closed bucket.
      // Jobs throttled together, on any instance, extend one pause: only the part past its shared end is
      // new, so the paused-seconds counter, summed over the instances, counts each second once.
      const added = await pauses.extend(job.tenant, at + wait, at);
      if (added > 0) {
        options.metrics?.tenantPaused(job.tenant, failure.code, added / 1000);
        await health.paused(job.tenant, failure.code, at + wait);
      }
    }
    await health.failed(job.tenant, failure);
    if (failure.kind === 'final') {
      log.warn({ code: failure.code, reason: failure.message }, 'Microsoft 365 refused the job');
      if (await failJob(db, job, failure, now(), options.notices))
        emit({ jobId: job.id, status: 'failed', code: failure.code, refusal: failure.refusal });
      return;
    }
    if (endedWithoutAnswer(error)) {
      // Microsoft may still carry the call out. Were the job requeued (or superseded), the user's next
      // password could be written first and then overwritten by this late one. So the job keeps its claim
      // for one more lease (an unanswered call's assumed lifetime: see docs/admin.md), then runs again.
      const heldUntil = at + Math.max(wait, options.leaseMs);
      const message = `${failure.code}: ${failure.message}; no answer, so held until ${new Date(heldUntil).toISOString()} in case Microsoft 365 applies it late`;
      if (await holdJob(db, job, heldUntil, message, now())) {
        log.info(
          { code: failure.code, heldUntil },
          'sync call got no answer: the job is held, then sent again',
        );
        emit({ jobId: job.id, status: 'retrying', code: failure.code, nextAttemptAt: heldUntil });
      }
      return;
    }
    const result = await rescheduleJob(db, job, at + wait, `${failure.code}: ${failure.message}`, now());
    log.info({ code: failure.code, waitMs: wait, result }, 'sync job will be retried');
    if (result === 'rescheduled')
      emit({ jobId: job.id, status: 'retrying', code: failure.code, nextAttemptAt: at + wait });
    if (result === 'superseded') emit({ jobId: job.id, status: 'superseded' });
  }

  const graphJobs: TaskKind<OutboxJob> = {
    name: 'sync',
    claim: async (request) =>
      claimJobs(db, {
        now: request.now,
        leaseMs: request.leaseMs,
        limit: request.limit,
        // Throttling is per app per tenant: a tenant paused by any instance waits, the others go on.
        skipTenants: await pauses.pausedAt(request.now),
        skipUsers: request.busyKeys,
      }),
    keyOf: (job) => job.user_id,
    queuedBehind: (job) => jobQueuedBehind(db, job),
    run: apply,
    // The loop wakes when the first pause ends (one this instance was told of or read), not at its next poll.
    heldBackForMs: (at) => pauses.heldBackForMs(at),
  };
  const queue = createQueue(graphJobs, {
    concurrency: options.concurrency,
    leaseMs: options.leaseMs,
    pollIntervalMs: options.pollIntervalMs,
    backoff: { firstMs: 1_000, maxMs: options.maxBackoffMs },
    walScrubber: options.walScrubber,
    logger,
    now,
    ...(options.random ? { random: options.random } : {}),
  });

  return {
    start: queue.start,
    stop: queue.stop,
    wake: queue.wake,
    runOnce: queue.runOnce,
    onOutcome(listener: (outcome: JobOutcome) => void): () => void {
      events.on('outcome', listener);
      return () => events.off('outcome', listener);
    },
  };
}
