import type { Kysely } from 'kysely';
import type { Database, JobStatus, MailStatus, OutboxJobsTable } from '../store/database-schema.js';

/** The states in which a row still waits for work: the depth of a queue. Ended rows are history. */
export const OPEN_JOB_STATUSES = ['queued', 'running'] as const satisfies readonly JobStatus[];
export const OPEN_MAIL_STATUSES = ['queued', 'sending'] as const satisfies readonly MailStatus[];
export const JOB_KINDS = [
  'set_password',
  'set_account_enabled',
] as const satisfies readonly OutboxJobsTable['kind'][];

export interface QueueGroup {
  count: number;
  /** created_at of the oldest row in the group (epoch ms), null when the group is empty. */
  oldestCreatedAt: number | null;
}

export interface QueueDepths {
  outbox: { kind: OutboxJobsTable['kind']; status: JobStatus; group: QueueGroup }[];
  mail: { status: MailStatus; group: QueueGroup }[];
}

type Row = { count: number | string | bigint; oldest: number | string | null };

function groupOf(row: Row | undefined): QueueGroup {
  if (row === undefined) return { count: 0, oldestCreatedAt: null };
  return { count: Number(row.count), oldestCreatedAt: row.oldest === null ? null : Number(row.oldest) };
}

/**
 * How many jobs and mails wait, and since when, read from the database at scrape time (so every instance
 * reports the shared queue, and nothing is kept in memory that could drift). Two grouped COUNT/MIN
 * queries over the open states, which the (status, next_attempt_at) indexes serve; every combination
 * is reported, zero when empty, so an alert sees 0 rather than a missing series.
 */
export async function readQueueDepths(db: Kysely<Database>): Promise<QueueDepths> {
  const jobs = await db
    .selectFrom('outbox_jobs')
    .select((eb) => ['kind', 'status', eb.fn.countAll().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', OPEN_JOB_STATUSES)
    .groupBy(['kind', 'status'])
    .execute();
  const mails = await db
    .selectFrom('mail_queue')
    .select((eb) => ['status', eb.fn.countAll().as('count'), eb.fn.min('created_at').as('oldest')])
    .where('status', 'in', OPEN_MAIL_STATUSES)
    .groupBy('status')
    .execute();
  return {
    outbox: JOB_KINDS.flatMap((kind) =>
      OPEN_JOB_STATUSES.map((status) => ({
        kind,
        status,
        group: groupOf(jobs.find((row) => row.kind === kind && row.status === status) as Row | undefined),
      })),
    ),
    mail: OPEN_MAIL_STATUSES.map((status) => ({
      status,
      group: groupOf(mails.find((row) => row.status === status) as Row | undefined),
    })),
  };
}
