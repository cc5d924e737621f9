import type { Insertable, Kysely } from 'kysely';
import type { Database, OutboxJobsTable } from '../store/database-schema.js';

/** What differs between job kinds; the rest of a new job's row is the same for all of them. */
export type NewOutboxJob = Pick<
  Insertable<OutboxJobsTable>,
  | 'id'
  | 'user_id'
  | 'kind'
  | 'tenant'
  | 'upn'
  | 'payload'
  | 'correlation_id'
  | 'enable_account'
  | 'revoke_sessions'
>;

/**
 * Appends a queued job at the end of its user's outbox. Call inside the transaction that makes the
 * change: the next per-user `seq` is read and written there, and the unique (user_id, seq)
 * constraint refuses a concurrent append rather than letting two jobs share a place in the order.
 */
export async function appendOutboxJob(trx: Kysely<Database>, job: NewOutboxJob, now: number): Promise<void> {
  const last = await trx
    .selectFrom('outbox_jobs')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('user_id', '=', job.user_id)
    .executeTakeFirst();
  await trx
    .insertInto('outbox_jobs')
    .values({
      ...job,
      seq: (last?.seq ?? 0) + 1,
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}
