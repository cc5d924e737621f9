import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/record-audit.js';
import { type NoticeDeps, queueSecurityNotice } from '../../notifications/index.js';
import type { Database } from '../../store/database-schema.js';
import { claimJobToEnd, retryJobNow } from '../../store/port/console-jobs.js';
import { failJob } from '../../sync/finish-job.js';

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
  const job = await claimJobToEnd(db, jobId, now.getTime(), 60_000);
  if (job === null) {
    const row = await db
      .selectFrom('outbox_jobs')
      .select('status')
      .where('id', '=', jobId)
      .executeTakeFirst();
    return row?.status === 'running' ? 'JOB_BUSY' : 'JOB_NOT_RETRYABLE';
  }
  const ended = await failJob(
    db,
    job,
    { code: 'GAVE_UP', message: 'an admin gave up on this job', refusal: 'MICROSOFT_REFUSED_UPDATE' },
    now,
  );
  if (!ended) return 'JOB_BUSY';
  await recordAudit(db, {
    type: 'user_update',
    user: { id: job.user_id, email: job.upn },
    at: now,
    success: true,
    correlationId: job.correlation_id,
    changes: [{ field: 'syncJob', from: 'queued', to: 'given up' }],
    initiatedBy: actor,
  });
  // The person was told "changed" (or "queued"): tell them it did not happen, and to change again.
  if (job.kind === 'set_password') {
    await db.transaction().execute(async (trx) => {
      const user = await trx
        .selectFrom('users')
        .select(['id', 'email', 'display_name'])
        .where('id', '=', job.user_id)
        .executeTakeFirst();
      if (user !== undefined)
        await queueSecurityNotice(
          trx,
          notices,
          user,
          { kind: 'password_change_given_up' },
          { at: now.getTime() },
        );
    });
  }
  return 'done';
}
