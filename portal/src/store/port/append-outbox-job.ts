import type { Insertable, Kysely } from 'kysely';
import type { Database, OutboxJobsTable } from '../database-schema.js';
import { dialectOf } from '../dialect-of.js';

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
  | 'reactivate'
  | 'disabled_for'
>;

/**
 * Appends a queued job at the end of its user's outbox. Call inside the transaction that makes the
 * change: the next per-user `seq` is read and written there, and the unique (user_id, seq)
 * constraint refuses a concurrent append rather than letting two jobs share a place in the order.
 */
export async function appendOutboxJob(trx: Kysely<Database>, job: NewOutboxJob, now: number): Promise<void> {
  // Two appends for one user wait for each other instead of both reading the same last seq.
  await lockUserOutbox(trx, job.user_id);
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

/**
 * Takes the user's row lock, which every transaction that appends to a user's outbox, or supersedes,
 * reschedules, holds or ends one of its jobs, takes first: a change accepted on one instance and a retry
 * rescheduled on another then run one after the other, and each sees what the other left (a job
 * superseded meanwhile, the flags carried over to it); and as every one of them locks the user before a
 * job, no two wait for each other's locks (a deadlock, PostgreSQL's answer to which is to fail one).
 * SQLite's single writer serialises them already (writeTransaction); PostgreSQL says SELECT … FOR NO KEY
 * UPDATE, which leaves rows that merely refer to the user (audit rows, pending hashes) free to be added.
 * Claims take no such lock: they skip locked jobs instead.
 */
export async function lockUserOutbox(trx: Kysely<Database>, userId: string): Promise<void> {
  if (dialectOf(trx) === 'postgres')
    await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().execute();
}
