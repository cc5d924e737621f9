import type { Kysely, Selectable } from 'kysely';
import type { Database, OutboxJobsTable } from '../database-schema.js';
import { dialectOf } from '../dialect-of.js';
import { unsyncedTransaction } from '../write-transaction.js';

export type OutboxJob = Selectable<OutboxJobsTable>;

export interface ClaimOptions {
  now: number;
  leaseMs: number;
  limit: number;
  /** Tenants Microsoft asked us to leave alone for now (throttled). */
  skipTenants?: readonly string[];
  /** Users with a job in flight in this process (their lease may have run out while the call is slow). */
  skipUsers?: readonly string[];
}

/**
 * Claims up to `limit` due jobs, at most one per user and only each user's oldest open job, so jobs of
 * one user apply strictly in order. A job is due when it is queued and its time has come, or when it is
 * running but its lease ran out (the worker that claimed it crashed). Claiming bumps `attempts`, which
 * also serves as the claim's token: a finish is only recorded for the attempt that holds the lease.
 */
export async function claimJobs(db: Kysely<Database>, options: ClaimOptions): Promise<OutboxJob[]> {
  const { now } = options;
  // It reads the due jobs, then leases them: the write lock is taken first (writeTransaction), or a CLI
  // command committing in between would fail the claim with "database is locked". Unsynced (SQLite): a
  // claim lost to a power cut went with the process that held it (one machine, one file), so the job is
  // claimed again after the restart with the same token, as after a crash; nothing of that process can
  // finish it. (PostgreSQL syncs it: another instance could outlive a database crash.)
  return unsyncedTransaction(db, async (trx) => {
    // Two statements, not one with an OR: each walks an index in order and stops at `limit` (on
    // PostgreSQL one query with the OR read and sorted every open job per claim, ~36 ms at 10,000).
    // Jobs whose lease ran out come first: they were due before anything queued since.
    const stale = await dueJobs(trx, options, 'running', options.limit);
    const queued =
      stale.length < options.limit ? await dueJobs(trx, options, 'queued', options.limit - stale.length) : [];
    const due = [...stale, ...queued];
    const claimed: OutboxJob[] = [];
    for (const job of due) {
      const lease = {
        status: 'running' as const,
        attempts: job.attempts + 1,
        lease_until: now + options.leaseMs,
        updated_at: now,
      };
      await trx.updateTable('outbox_jobs').set(lease).where('id', '=', job.id).execute();
      claimed.push({ ...job, ...lease });
    }
    return claimed;
  });
}

/**
 * Up to `limit` due jobs of one status, oldest due first: queued ones whose time has come, or running ones
 * whose lease ran out. Only each user's oldest open job qualifies.
 */
function dueJobs(
  trx: Kysely<Database>,
  options: ClaimOptions,
  status: 'queued' | 'running',
  limit: number,
): Promise<OutboxJob[]> {
  let query = trx
    .selectFrom('outbox_jobs as j')
    .selectAll('j')
    .where('j.status', '=', status)
    .where(status === 'queued' ? 'j.next_attempt_at' : 'j.lease_until', '<=', options.now)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('outbox_jobs as o')
            .select('o.id')
            .whereRef('o.user_id', '=', 'j.user_id')
            .where('o.status', 'in', ['queued', 'running'])
            .whereRef('o.seq', '<', 'j.seq'),
        ),
      ),
    );
  if (options.skipTenants?.length) query = query.where('j.tenant', 'not in', options.skipTenants);
  if (options.skipUsers?.length) query = query.where('j.user_id', 'not in', options.skipUsers);
  // SQLite lets one writer in at a time. On PostgreSQL another instance may be claiming now: rows it
  // holds are passed over, and a user's later job still waits (its older one is queued until then).
  if (dialectOf(trx) === 'postgres') query = query.forUpdate('j').skipLocked();
  return query.orderBy('j.next_attempt_at').orderBy('j.created_at').limit(limit).execute();
}

/**
 * Whether a job of `job`'s user is open behind it, in the user's order: it becomes claimable once `job`
 * settles (the queue's loop then looks at once instead of at its next poll).
 */
export async function jobQueuedBehind(
  db: Kysely<Database>,
  job: Pick<OutboxJob, 'user_id' | 'seq'>,
): Promise<boolean> {
  const behind = await db
    .selectFrom('outbox_jobs')
    .select('id')
    .where('user_id', '=', job.user_id)
    .where('seq', '>', job.seq)
    .where('status', 'in', ['queued', 'running'])
    .limit(1)
    .executeTakeFirst();
  return behind !== undefined;
}
