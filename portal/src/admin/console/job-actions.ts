import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/record-audit.js';
import { type NoticeDeps, noticeRecipient, queueSecurityNotice } from '../../notifications/index.js';
import { withdrawPasswordNotice } from '../../notifications/undo-password-notice.js';
import type { Database } from '../../store/database-schema.js';
import { lockUserOutbox } from '../../store/port/append-outbox-job.js';
import { claimJobToEnd, retryJobNow } from '../../store/port/console-jobs.js';
import { writeTransaction } from '../../store/write-transaction.js';
import { failJobIn } from '../../sync/finish-job.js';

export type JobActionOutcome = 'done' | 'JOB_NOT_RETRYABLE' | 'JOB_BUSY';

/** Makes a waiting job due now (or queues a failed enable/disable again), audited with the admin. */
export async function retryJob(
  db: Kysely<Database>,
  jobId: string,
  now: Date,
  actor: AuditActor,
): Promise<JobActionOutcome> {
  const job = await retryJobNow(db, jobId, now.getTime());
  if (job === null) return 'JOB_NOT_RETRYABLE';
  await recordAudit(db, {
    type: 'user_update',
    user: { id: job.userId, email: job.upn },
    at: now,
    success: true,
    correlationId: randomUUID(),
    changes: [{ field: 'syncJob', to: 'retry now' }],
    initiatedBy: actor,
  });
  return 'done';
}

/**
 * Gives up on a waiting job: it ends as one Microsoft 365 refused for good (failJob: the pending password
 * is discarded, both sides keep the old one, the user's sync error says so), and the admin's decision is
 * audited beside it. The person must change their password again.
 */
export async function giveUpJob(
  db: Kysely<Database>,
  jobId: string,
  now: Date,
  actor: AuditActor,
  notices: NoticeDeps,
): Promise<JobActionOutcome> {
  // One transaction: the job's end, the admin's audit row and the person's notice commit together
  // (a crash between them lost the notice), under the user's row lock first, as every outbox change.
  return writeTransaction(db, async (trx) => {
    const owner = await trx
      .selectFrom('outbox_jobs')
      .select('user_id')
      .where('id', '=', jobId)
      .executeTakeFirst();
    if (owner === undefined) return 'JOB_NOT_RETRYABLE';
    await lockUserOutbox(trx, owner.user_id);
    const job = await claimJobToEnd(trx, jobId, now.getTime(), 60_000);
    if (job === null) {
      const row = await trx
        .selectFrom('outbox_jobs')
        .select('status')
        .where('id', '=', jobId)
        .executeTakeFirst();
      return row?.status === 'running' ? 'JOB_BUSY' : 'JOB_NOT_RETRYABLE';
    }
    const reason = {
      code: 'GAVE_UP',
      message: 'an admin gave up on this job',
      refusal: 'MICROSOFT_REFUSED_UPDATE',
    };
    if (!(await failJobIn(trx, job, reason, now))) return 'JOB_BUSY';
    await recordAudit(trx, {
      type: 'user_update',
      user: { id: job.user_id, email: job.upn },
      at: now,
      success: true,
      correlationId: job.correlation_id,
      changes: [{ field: 'syncJob', from: 'queued', to: 'given up' }],
      initiatedBy: actor,
    });
    // The person was told "changed" (or "queued"): the "changed" notice is withdrawn if it still waits
    // (it would otherwise arrive after this one), and this one says it did not happen, to change again.
    if (job.kind === 'set_password') {
      await withdrawPasswordNotice(trx, job);
      const user = await noticeRecipient(trx, { id: job.user_id });
      if (user !== undefined)
        await queueSecurityNotice(
          trx,
          notices,
          user,
          { kind: 'password_change_given_up' },
          { at: now.getTime() },
        );
    }
    return 'done';
  });
}
