import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database, UserStatus, UsersTable } from '../store/database-schema.js';
import type { DriftSeen } from '../store/port/drift-watch.js';

/** A portal user the drift sweep judges, with what the portal knows of its password writes. */
export interface DriftCandidate {
  id: string;
  email: string;
  displayName: string | null;
  status: UserStatus;
  /** The user's last password job that was sent and has ended (done, failed, superseded): when it was
   * queued and when it ended. */
  lastWrite: { queuedAt: number; endedAt: number } | null;
  /** The user's last password job Microsoft 365 is known to have applied (done): when it was queued and
   * when it ended. A later job Microsoft refused changed nothing, so this one's may be the last change. */
  lastApplied: { queuedAt: number; endedAt: number } | null;
  /** A password job is queued or running. */
  jobOpen: boolean;
  /** What the last sweep accepted; null: never looked at. */
  seen: DriftSeen | null;
}

type Num = number | string | bigint | null;

/** A column of the user's newest password job that was sent and has ended in `statuses` (per-user order: seq). */
function lastSentJob(
  eb: ExpressionBuilder<Database & { u: UsersTable }, 'u'>,
  column: 'created_at' | 'updated_at',
  statuses: readonly ('done' | 'failed' | 'superseded')[],
) {
  return eb
    .selectFrom('outbox_jobs as j')
    .select(`j.${column}`)
    .whereRef('j.user_id', '=', 'u.id')
    .where('j.kind', '=', 'set_password')
    .where('j.attempts', '>', 0)
    .where('j.status', 'in', statuses)
    .orderBy('j.seq', 'desc')
    .limit(1);
}
const ENDED = ['done', 'failed', 'superseded'] as const;
const num = (value: Num): number | null => (value === null ? null : Number(value));

/**
 * The portal users among one Graph page, by e-mail (= user principal name), with their write facts.
 * ONE statement, read after the page: "no job open" and the last write come from the same snapshot, so
 * a job that finished between the Graph read and this one shows as its write, and one still running
 * shows as open. A job counts as a write once it was sent (attempts > 0): a request Microsoft applied
 * but whose answer was lost ends failed or superseded, and its time must still cover the change it made.
 * pending_activation users are left out: the portal holds no password for them yet.
 */
export async function readDriftCandidates(
  db: Kysely<Database>,
  emails: readonly string[],
): Promise<DriftCandidate[]> {
  if (emails.length === 0) return [];
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('password_drift as d', 'd.user_id', 'u.id')
    .select((eb) => [
      'u.id',
      'u.email',
      'u.display_name',
      'u.status',
      'd.user_id as watched',
      'd.seen_change_at',
      'd.seen_write_at',
      'd.seen_record_at',
      lastSentJob(eb, 'created_at', ENDED).as('write_queued_at'),
      lastSentJob(eb, 'updated_at', ENDED).as('write_ended_at'),
      lastSentJob(eb, 'created_at', ['done']).as('applied_queued_at'),
      lastSentJob(eb, 'updated_at', ['done']).as('applied_ended_at'),
      eb
        .exists(
          eb
            .selectFrom('outbox_jobs as o')
            .select('o.id')
            .whereRef('o.user_id', '=', 'u.id')
            .where('o.kind', '=', 'set_password')
            .where('o.status', 'in', ['queued', 'running']),
        )
        .as('job_open'),
    ])
    .where('u.email', 'in', emails)
    .where('u.status', '!=', 'pending_activation')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    status: row.status,
    lastWrite:
      row.write_ended_at === null
        ? null
        : { queuedAt: Number(row.write_queued_at), endedAt: Number(row.write_ended_at) },
    lastApplied:
      row.applied_ended_at === null
        ? null
        : { queuedAt: Number(row.applied_queued_at), endedAt: Number(row.applied_ended_at) },
    jobOpen: Boolean(row.job_open),
    seen:
      row.watched === null
        ? null
        : {
            changeAt: num(row.seen_change_at as Num),
            writeAt: num(row.seen_write_at as Num),
            recordAt: num(row.seen_record_at as Num),
          },
  }));
}
