import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';

export interface SetAccountEnabledJob {
  jobId: string;
  userId: string;
  tenant: string;
  upn: string;
  /** false: block sign-in in Microsoft 365 (suspend, expiry); true: allow it again (unsuspend). */
  enabled: boolean;
  correlationId: string;
  now: number;
}

/**
 * Appends a `set_account_enabled` job to the user's ordered outbox. Call inside the transaction that
 * changes the user's status. Nothing is superseded: an enable or disable is cheap and its order
 * relative to password jobs is what makes the end state right (see enqueueSetPassword).
 */
export async function enqueueSetAccountEnabled(
  trx: Kysely<Database>,
  job: SetAccountEnabledJob,
): Promise<void> {
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
      kind: 'set_account_enabled',
      tenant: job.tenant,
      upn: job.upn,
      payload: null,
      status: 'queued',
      attempts: 0,
      next_attempt_at: job.now,
      lease_until: null,
      last_error: null,
      correlation_id: job.correlationId,
      enable_account: job.enabled ? 1 : 0,
      revoke_sessions: 0,
      created_at: job.now,
      updated_at: job.now,
    })
    .execute();
}
