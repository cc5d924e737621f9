import type { Kysely } from 'kysely';
import type { Sealer } from '../crypto/sealer.js';
import type { Database } from '../store/database-schema.js';
import { appendOutboxJob, lockUserOutbox } from '../store/port/append-outbox-job.js';

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
  /** Revoke Microsoft 365 sign-in sessions once the password is set (reset links). */
  revokeSessions?: boolean;
  /** The password ends an expiry: once Microsoft 365 has it, an expired account is active again. */
  reactivate?: boolean;
  now: number;
}

/** What binds a sealed payload to its row: a payload copied to another job or user fails to open. */
export function sealContext(jobId: string, userId: string): string {
  return `outbox:${jobId}:user:${userId}`;
}

/**
 * Appends a `set_password` job and its pending hash. Call inside the change's transaction. Older
 * `set_password` jobs of the user still waiting are superseded (payload wiped, pending hash dropped):
 * Microsoft 365 only ever needs the newest password, and an older one must never land after it.
 *
 * The supersede rule with mixed kinds: only password jobs queued AFTER the user's last open
 * `set_account_enabled` job are superseded. A disable (or enable) that came after an older password
 * is never skipped, and the older password stays in front of it, so the order the admin and the user
 * acted in is the order Microsoft 365 sees. A superseded job's enable_account/revoke_sessions carry
 * over to the new job, so a way back in is never lost by a quick second change; so does `reactivate`.
 * A job already running is left alone; the new one waits behind it (one in flight per user, in seq order).
 */
export async function enqueueSetPassword(
  trx: Kysely<Database>,
  job: SetPasswordJob,
  sealer: Sealer,
): Promise<{ superseded: string[] }> {
  await lockUserOutbox(trx, job.userId);
  const barrier = await trx
    .selectFrom('outbox_jobs')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('user_id', '=', job.userId)
    .where('kind', '=', 'set_account_enabled')
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  // 'queued' is checked by the update itself, row by row: a job another instance claimed since any read
  // of ours (PostgreSQL's claims take no user lock) is being sent, and superseding it would let this
  // newer password go out beside it and perhaps land first. It is left to finish; this one waits behind.
  const older = await trx
    .updateTable('outbox_jobs')
    .set({
      status: 'superseded',
      payload: null,
      lease_until: null,
      updated_at: job.now,
      last_error: `superseded by ${job.jobId}`,
    })
    .where('user_id', '=', job.userId)
    .where('status', '=', 'queued')
    .where('kind', '=', 'set_password')
    .where('seq', '>', barrier?.seq ?? 0)
    .returning(['id', 'enable_account', 'revoke_sessions', 'reactivate'])
    .execute();
  const superseded = older.map((row) => row.id);
  const enableAccount = job.enableAccount || older.some((row) => row.enable_account === 1);
  const revokeSessions = (job.revokeSessions ?? false) || older.some((row) => row.revoke_sessions === 1);
  const reactivate = (job.reactivate ?? false) || older.some((row) => row.reactivate === 1);
  if (superseded.length > 0)
    await trx.deleteFrom('pending_passwords').where('job_id', 'in', superseded).execute();
  await appendOutboxJob(
    trx,
    {
      id: job.jobId,
      user_id: job.userId,
      kind: 'set_password',
      tenant: job.tenant,
      upn: job.upn,
      payload: sealer.seal(job.password, sealContext(job.jobId, job.userId)),
      correlation_id: job.correlationId,
      enable_account: enableAccount ? 1 : 0,
      revoke_sessions: revokeSessions ? 1 : 0,
      reactivate: reactivate ? 1 : 0,
    },
    job.now,
  );
  await trx
    .insertInto('pending_passwords')
    .values({ job_id: job.jobId, user_id: job.userId, password_hash: job.passwordHash, created_at: job.now })
    .execute();
  return { superseded };
}
