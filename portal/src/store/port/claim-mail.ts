import type { Kysely, Selectable } from 'kysely';
import type { Database, MailQueueTable } from '../database-schema.js';
import { dialectOf } from '../dialect-of.js';
import { unsyncedWrites } from '../write-transaction.js';

export type ClaimedMail = Pick<
  Selectable<MailQueueTable>,
  'id' | 'kind' | 'to_address' | 'payload' | 'attempts'
>;

export interface ClaimMailOptions {
  now: number;
  leaseMs: number;
  limit: number;
  /** Claim reset_request rows too (only a sender that can resolve them). */
  withRequests: boolean;
  /** Mails being sent in this process: not claimed again here, even once their lease ran out. */
  skipIds?: readonly string[];
}

/**
 * Claims due mails: queued ones whose time has come, and sending ones whose lease ran out (the sender
 * that claimed them died). One UPDATE … RETURNING, a single write: two instances never take the same
 * mail. SQLite lets one writer in at a time; on PostgreSQL the rows are picked FOR UPDATE SKIP LOCKED,
 * so a second instance passes over rows the first is claiming instead of claiming them again.
 * `attempts` goes up by one and is the claim's token: only its holder may finish the row.
 */
export async function claimMail(db: Kysely<Database>, options: ClaimMailOptions): Promise<ClaimedMail[]> {
  const { now } = options;
  let due = db
    .selectFrom('mail_queue')
    .select('id')
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('lease_until', '<=', now)]),
      ]),
    )
    .orderBy('next_attempt_at')
    .limit(options.limit);
  if (!options.withRequests) due = due.where('kind', '!=', 'reset_request');
  if (options.skipIds?.length) due = due.where('id', 'not in', options.skipIds);
  if (dialectOf(db) === 'postgres') due = due.forUpdate().skipLocked();
  // Unsynced (SQLite): a claim lost to a power cut went with the process that held it (one machine), so
  // the mail is simply claimed again after the restart, as after a crash.
  return unsyncedWrites(db, (conn) =>
    conn
      .updateTable('mail_queue')
      .set((eb) => ({
        status: 'sending',
        attempts: eb('attempts', '+', 1),
        lease_until: now + options.leaseMs,
      }))
      .where('id', 'in', due)
      .returning(['id', 'kind', 'to_address', 'payload', 'attempts'])
      .execute(),
  );
}

/** How one claimed delivery ended. */
export type MailSettlement =
  | { status: 'sent'; at: number }
  | { status: 'queued'; nextAttemptAt: number; error: string }
  | { status: 'failed'; error: string };

/**
 * Records how a claimed mail's delivery ended, only for the claim that holds it (`attempts` is its
 * token): a sender whose lease ran out and was taken over records nothing. Sent or failed, the sealed
 * payload is wiped (a link in it must not outlive its delivery). Returns whether this claim held it.
 */
export async function settleMail(
  db: Kysely<Database>,
  mail: Pick<ClaimedMail, 'id' | 'attempts'>,
  settlement: MailSettlement,
): Promise<boolean> {
  const set =
    settlement.status === 'sent'
      ? {
          status: 'sent' as const,
          payload: null,
          lease_until: null,
          last_error: null,
          sent_at: settlement.at,
        }
      : settlement.status === 'failed'
        ? { status: 'failed' as const, payload: null, lease_until: null, last_error: settlement.error }
        : {
            status: 'queued' as const,
            lease_until: null,
            last_error: settlement.error,
            next_attempt_at: settlement.nextAttemptAt,
          };
  // Unsynced (SQLite): lost to a power cut, the row is back to its claim, and the mail is sent once more
  // after the restart (a second copy of a notice, never none). The WAL scrub after the wipe syncs it.
  const result = await unsyncedWrites(db, (conn) =>
    conn
      .updateTable('mail_queue')
      .set(set)
      .where('id', '=', mail.id)
      .where('status', '=', 'sending')
      .where('attempts', '=', mail.attempts)
      .executeTakeFirst(),
  );
  return result.numUpdatedRows > 0n;
}

/**
 * Deletes a claimed `reset_request` row as its resolution begins, in the resolver's transaction: only the
 * holder of this claim (its `attempts`) does; false when another claim already resolved it.
 */
export async function takeClaimedRequest(
  trx: Kysely<Database>,
  task: { id: string; attempts: number },
): Promise<boolean> {
  const own = await trx
    .deleteFrom('mail_queue')
    .where('id', '=', task.id)
    .where('status', '=', 'sending')
    .where('attempts', '=', task.attempts)
    .executeTakeFirst();
  return own.numDeletedRows > 0n;
}
