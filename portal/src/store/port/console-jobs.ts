import { type Kysely, sql } from 'kysely';
import type { Database } from '../database-schema.js';
import type { OutboxJob } from './claim-jobs.js';

const IS_LATEST = sql<boolean>`NOT EXISTS (SELECT 1 FROM outbox_jobs k WHERE k.user_id = outbox_jobs.user_id AND k.seq > outbox_jobs.seq)`;

/**
 * "Retry now": a queued job becomes due at once; a failed enable/disable job that is still its user's
 * last job is queued again (it carries no password, and nothing newer could be overtaken by it). One
 * conditional UPDATE each, so a worker claiming at the same moment is never overtaken. Returns the job's
 * user and e-mail, or null when neither applies (running, done, a failed password job: its password is gone).
 */
export async function retryJobNow(
  db: Kysely<Database>,
  jobId: string,
  now: number,
): Promise<{ userId: string; upn: string; kind: OutboxJob['kind'] } | null> {
  const due = await db
    .updateTable('outbox_jobs')
    .set({ next_attempt_at: now, updated_at: now })
    .where('id', '=', jobId)
    .where('status', '=', 'queued')
    .returning(['user_id', 'upn', 'kind'])
    .executeTakeFirst();
  const again =
    due ??
    (await db
      .updateTable('outbox_jobs')
      .set({ status: 'queued', next_attempt_at: now, lease_until: null, updated_at: now })
      .where('id', '=', jobId)
      .where('status', '=', 'failed')
      .where('kind', '=', 'set_account_enabled')
      .where(IS_LATEST)
      .returning(['user_id', 'upn', 'kind'])
      .executeTakeFirst());
  return again === undefined ? null : { userId: again.user_id, upn: again.upn, kind: again.kind };
}

/**
 * Takes a queued job as a worker would (running, attempts + 1, a short lease), so the caller can end it
 * with failJob like any job that failed for good. null when it is not queued (a worker holds it, or it ended).
 */
export async function claimJobToEnd(
  db: Kysely<Database>,
  jobId: string,
  now: number,
  leaseMs: number,
): Promise<OutboxJob | null> {
  const claimed = await db
    .updateTable('outbox_jobs')
    .set({ status: 'running', attempts: sql`attempts + 1`, lease_until: now + leaseMs, updated_at: now })
    .where('id', '=', jobId)
    .where('status', '=', 'queued')
    .returningAll()
    .executeTakeFirst();
  return claimed ?? null;
}
