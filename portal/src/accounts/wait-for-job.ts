import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/database-schema.js';
import type { JobOutcome, SyncWorker } from '../sync/sync-worker.js';

export type Settled =
  | { status: 'done' }
  | { status: 'failed'; lastError: string | null }
  | { status: 'waiting' };

export interface WaitForJobOptions {
  /** How often the job row is read (default 250 ms). */
  pollMs?: number;
  /** Where a failed read of the job row is reported. */
  logger?: Pick<Logger, 'warn'>;
}

/**
 * Waits up to `timeoutMs` for a job to end. Listens to the in-process worker and also reads the job
 * row now and then, so it works when the worker runs in another process. A job being retried counts
 * as "waiting": the person is told it is queued rather than kept staring at a spinner.
 */
export async function waitForJob(
  db: Kysely<Database>,
  worker: SyncWorker | null,
  jobId: string,
  timeoutMs: number,
  options: WaitForJobOptions = {},
): Promise<Settled> {
  const { pollMs = 250, logger } = options;
  const read = async (): Promise<Settled | null> => {
    const row = await db
      .selectFrom('outbox_jobs')
      .select(['status', 'last_error', 'attempts'])
      .where('id', '=', jobId)
      .executeTakeFirst()
      .catch((err: unknown) => {
        // The reads run from timers and events, where a rejection would be unhandled and end the
        // process. A failed read says nothing about the job: the next poll or the deadline answers.
        logger?.warn({ err, jobId }, 'could not read a queued job while waiting for it');
        return null;
      });
    if (row === null) return null;
    if (row === undefined || row.status === 'superseded') return { status: 'waiting' };
    if (row.status === 'done') return { status: 'done' };
    if (row.status === 'failed') return { status: 'failed', lastError: row.last_error };
    if (row.status === 'queued' && row.attempts > 0) return { status: 'waiting' };
    return null;
  };
  return new Promise<Settled>((resolve) => {
    let finished = false;
    const finish = (value: Settled): void => {
      if (finished) return;
      finished = true;
      clearTimeout(deadline);
      clearInterval(poller);
      unsubscribe();
      resolve(value);
    };
    const unsubscribe =
      worker?.onOutcome((outcome: JobOutcome) => {
        if (outcome.jobId !== jobId) return;
        // Settle from the row: it is the truth, the event only says when to look.
        void read().then((settled) => finish(settled ?? { status: 'waiting' }));
      }) ?? (() => {});
    const deadline = setTimeout(() => finish({ status: 'waiting' }), timeoutMs);
    const poller = setInterval(() => {
      void read().then((settled) => {
        if (settled !== null) finish(settled);
      });
    }, pollMs);
  });
}
