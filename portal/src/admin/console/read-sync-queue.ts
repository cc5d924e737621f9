import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, JobStatus } from '../../store/database-schema.js';

export interface QueueJob {
  id: string;
  email: string;
  tenant: string;
  kind: 'set_password' | 'set_account_enabled';
  status: JobStatus;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  lastError: string | null;
}

/** How many jobs of each list the page shows (the oldest first: they have waited longest). */
export const QUEUE_PAGE = 200;

/**
 * Jobs that need looking at: queued ones that have failed at least once (retrying), and failed ones
 * that are still their user's last job (a newer change settles them).
 */
export async function readSyncQueue(
  db: Kysely<Database>,
): Promise<{ retrying: QueueJob[]; failed: QueueJob[] }> {
  const base = db
    .selectFrom('outbox_jobs as j')
    .select([
      'j.id',
      'j.upn as email',
      'j.tenant',
      'j.kind',
      'j.status',
      'j.attempts',
      'j.next_attempt_at',
      'j.created_at',
      'j.last_error',
    ]);
  const [retrying, failed] = await Promise.all([
    base
      .where('j.status', 'in', ['queued', 'running'])
      .where('j.last_error', 'is not', null)
      .orderBy('j.created_at')
      .limit(QUEUE_PAGE)
      .execute(),
    base
      .where('j.status', '=', 'failed')
      .where(
        sql<boolean>`NOT EXISTS (SELECT 1 FROM outbox_jobs k WHERE k.user_id = j.user_id AND k.seq > j.seq)`,
      )
      .orderBy('j.created_at', 'desc')
      .limit(QUEUE_PAGE)
      .execute(),
  ]);
  const toJob = (row: (typeof retrying)[number]): QueueJob => ({
    id: row.id,
    email: row.email,
    tenant: row.tenant,
    kind: row.kind,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    createdAt: Number(row.created_at),
    lastError: row.last_error,
  });
  return { retrying: retrying.map(toJob), failed: failed.map(toJob) };
}
