import type { Kysely, Selectable } from 'kysely';
import type { Database, MailQueueTable } from '../database-schema.js';
import { dialectOf } from '../dialect-of.js';

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
  if (dialectOf(db) === 'postgres') due = due.forUpdate().skipLocked();
  return db
    .updateTable('mail_queue')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      lease_until: now + options.leaseMs,
    }))
    .where('id', 'in', due)
    .returning(['id', 'kind', 'to_address', 'payload', 'attempts'])
    .execute();
}
