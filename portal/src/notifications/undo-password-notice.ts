import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { withdrawHeldMail } from '../store/port/held-mail.js';
import { type NoticeDeps, queueSecurityNotice } from './queue-security-notice.js';

/**
 * Microsoft 365 refused a password after the person was told "queued": the "password changed" notice
 * queued with it (same user, same moment: acceptPassword queues both in one transaction) is now untrue.
 * Copies still queued are withdrawn; unless every copy was withdrawn before any attempt to send it (one
 * sent, being sent, or tried may have reached its reader), a follow-up says the change did not take
 * effect, to the same addresses. Call in failJob's transaction, so the follow-up commits with the failure.
 */
export async function undoPasswordNotice(
  trx: Kysely<Database>,
  deps: NoticeDeps,
  job: { user_id: string; upn: string; created_at: number },
  at: number,
): Promise<void> {
  const told = trx
    .selectFrom('mail_queue')
    .where('user_id', '=', job.user_id)
    .where('kind', '=', 'security_notice')
    .where('created_at', '=', job.created_at);
  const copies = (await told.select('id').execute()).map((row) => row.id);
  // Withdrawn untried, every one: that is the whole remedy. What a sender claimed meanwhile is not withdrawn.
  const unseen = await withdrawHeldMail(trx, copies);
  if (unseen.length === copies.length) return;
  const user = await trx
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', job.user_id)
    .executeTakeFirst();
  if (user === undefined) return;
  await queueSecurityNotice(trx, deps, user, { kind: 'password_change_undone' }, { at });
}
