import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import type { JobOutcome, SyncWorker } from '../sync/sync-worker.js';

export type Settled =
  | { status: 'done' }
  | { status: 'failed'; lastError: string | null }
  | { status: 'waiting' };

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
  pollMs = 250,
): Promise<Settled> {
  const read = async (): Promise<Settled | null> => {
    const row = await db
      .selectFrom('outbox_jobs')
      .select(['status', 'last_error', 'attempts'])
      .where('id', '=', jobId)
      .executeTakeFirst();
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
