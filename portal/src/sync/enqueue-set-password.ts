import type { Kysely } from 'kysely';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';

export interface SetPasswordJob {
  jobId: string;
  userId: string;
  tenant: string;
  upn: string;
  password: string;
  /** argon2id hash of `password`: becomes the portal's current hash once Microsoft 365 has it. */
  passwordHash: string;
  correlationId: string;
  enableAccount: boolean;
  now: number;
}

/** What binds a sealed payload to its row: a payload copied to another job or user fails to open. */
export function sealContext(jobId: string, userId: string): string {
  return `outbox:${jobId}:user:${userId}`;
}

/**
 * Appends a `set_password` job and its pending hash. Call inside the change's transaction. Older jobs
 * of the user still waiting are superseded (payload wiped, pending hash dropped): Microsoft 365 only
 * ever needs the newest password, and an older one must never land after it. A job already running
 * is left alone; the new one waits behind it (one in flight per user, in seq order).
 */
export async function enqueueSetPassword(
  trx: Kysely<Database>,
  job: SetPasswordJob,
  sealer: Sealer,
): Promise<{ superseded: string[] }> {
  const older = await trx
    .selectFrom('outbox_jobs')
    .select('id')
    .where('user_id', '=', job.userId)
    .where('status', '=', 'queued')
    .execute();
  const superseded = older.map((row) => row.id);
  if (superseded.length > 0) {
    await trx
      .updateTable('outbox_jobs')
      .set({
        status: 'superseded',
        payload: null,
        lease_until: null,
        updated_at: job.now,
        last_error: `superseded by ${job.jobId}`,
      })
      .where('id', 'in', superseded)
      .execute();
    await trx.deleteFrom('pending_passwords').where('job_id', 'in', superseded).execute();
  }
  const last = await trx
    .selectFrom('outbox_jobs')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('user_id', '=', job.userId)
    .executeTakeFirst();
  await trx
    .insertInto('outbox_jobs')
    .values({
      id: job.jobId,
      user_id: job.userId,
      seq: (last?.seq ?? 0) + 1,
      kind: 'set_password',
      tenant: job.tenant,
      upn: job.upn,
      payload: sealer.seal(job.password, sealContext(job.jobId, job.userId)),
      status: 'queued',
      attempts: 0,
      next_attempt_at: job.now,
      lease_until: null,
      last_error: null,
      correlation_id: job.correlationId,
      enable_account: job.enableAccount ? 1 : 0,
      created_at: job.now,
      updated_at: job.now,
    })
    .execute();
  await trx
    .insertInto('pending_passwords')
    .values({ job_id: job.jobId, user_id: job.userId, password_hash: job.passwordHash, created_at: job.now })
    .execute();
  return { superseded };
}
