import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { lockUserOutbox } from '../store/port/append-outbox-job.js';
import type { OutboxJob } from '../store/port/claim-jobs.js';
import { writeTransaction } from '../store/write-transaction.js';

/**
 * A job whose call to Microsoft 365 ended without an answer keeps its claim (status running, payload
 * kept) until `until`: the call may still be carried out late, so the user's next job (queued behind it
 * in seq order, never claimed before it) must not write before a late write can no longer land. Then the
 * claim lapses, as a crashed worker's would, and the job is taken up again (see beforeSendingAgain).
 * Held in the database, not in memory: a restart keeps it. Returns false if this attempt no longer owned
 * the job.
 */
export async function holdJob(
  db: Kysely<Database>,
  job: OutboxJob,
  until: number,
  error: string,
  now: Date,
): Promise<boolean> {
  const at = now.getTime();
  return writeTransaction(db, async (trx) => {
    // The user's row lock before the job's, as every transaction on a user's outbox takes them (PostgreSQL).
    await lockUserOutbox(trx, job.user_id);
    const held = await trx
      .updateTable('outbox_jobs')
      .set({ lease_until: until, last_error: error, updated_at: at })
      .where('id', '=', job.id)
      .where('status', '=', 'running')
      .where('attempts', '=', job.attempts)
      .executeTakeFirst();
    if (held.numUpdatedRows === 0n) return false;
    await trx.updateTable('users').set({ last_sync_error: error }).where('id', '=', job.user_id).execute();
    return true;
  });
}
