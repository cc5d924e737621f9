import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';
import { unsyncedWrites } from '../write-transaction.js';

/**
 * Mails queued for later (next_attempt_at ahead: a notice held until its outcome is known) sent now: ONE
 * UPDATE of the rows still queued. A row a sender already claimed is left alone, and so is one that
 * failed an attempt meanwhile (its backoff decides). Returns how many were released.
 */
export async function releaseHeldMail(
  db: Kysely<Database>,
  ids: readonly string[],
  now: number,
): Promise<number> {
  if (ids.length === 0) return 0;
  // Unsynced (SQLite): lost to a power cut, the notice still goes out when its hold ends by itself.
  const result = await unsyncedWrites(db, (conn) =>
    conn
      .updateTable('mail_queue')
      .set({ next_attempt_at: now })
      .where('id', 'in', ids)
      .where('status', '=', 'queued')
      .where('attempts', '=', 0)
      .where('next_attempt_at', '>', now)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows);
}

/**
 * Withdraws mails that turned out untrue (the password they tell of was refused): ONE DELETE of every
 * copy not yet sent, tried or not, and one a sender is sending right now: were its delivery to fail,
 * the sender would queue it again (its settle now finds no row and records nothing), and a copy whose
 * attempt failed would go out, untrue, on the next. Returns the ids withdrawn before any attempt to send
 * them: any other copy may have reached its reader (an SMTP failure can follow a delivery).
 */
export async function withdrawHeldMail(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const withdrawn = await db
    .deleteFrom('mail_queue')
    .where('id', 'in', ids)
    .where('status', 'in', ['queued', 'sending'])
    .returning(['id', 'status', 'attempts'])
    .execute();
  return withdrawn.filter((row) => row.status === 'queued' && row.attempts === 0).map((row) => row.id);
}
