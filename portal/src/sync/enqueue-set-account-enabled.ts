import type { Kysely } from 'kysely';
import type { Database, DisableReason } from '../store/database-schema.js';
import { appendOutboxJob } from '../store/port/append-outbox-job.js';

export interface SetAccountEnabledJob {
  jobId: string;
  userId: string;
  tenant: string;
  upn: string;
  /** false: block sign-in in Microsoft 365 (suspend, expiry); true: allow it again (unsuspend). */
  enabled: boolean;
  /**
   * A disable's reason, kept on the job: a renewal landing before it asks whether it still stands (see
   * completeJob). Ignored for an enable.
   */
  disabledFor?: DisableReason;
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
  await appendOutboxJob(
    trx,
    {
      id: job.jobId,
      user_id: job.userId,
      kind: 'set_account_enabled',
      tenant: job.tenant,
      upn: job.upn,
      payload: null,
      correlation_id: job.correlationId,
      enable_account: job.enabled ? 1 : 0,
      revoke_sessions: 0,
      disabled_for: job.enabled ? null : (job.disabledFor ?? null),
    },
    job.now,
  );
}
