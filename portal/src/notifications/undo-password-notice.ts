import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { withdrawHeldMail } from '../store/port/held-mail.js';
import { type NoticeDeps, noticeRecipient, queueSecurityNotice } from './queue-security-notice.js';

/**
 * Withdraws the "password changed" notice queued with a password job (same user, same moment:
 * acceptPassword queues both in one transaction): every copy not yet sent (withdrawHeldMail). True when
 * some copy may have reached its reader all the same (sent, being sent, or tried: an SMTP failure can
 * follow a delivery).
 */
export async function withdrawPasswordNotice(
  trx: Kysely<Database>,
  job: { user_id: string; created_at: number },
): Promise<boolean> {
  const copies = await trx
    .selectFrom('mail_queue')
    .select('id')
    .where('user_id', '=', job.user_id)
    .where('kind', '=', 'security_notice')
    .where('created_at', '=', job.created_at)
    .execute();
  const ids = copies.map((row) => row.id);
  // A copy sent, being sent or tried counts as read.
  return (await withdrawHeldMail(trx, ids)).length < ids.length;
}

/**
 * Microsoft 365 refused a password after the person was told "queued": the "password changed" notice
 * queued with it is now untrue. It is withdrawn; unless no copy can have been read, a follow-up says
 * the change did not take effect, to the same addresses. Call in failJob's transaction, so the
 * follow-up commits with the failure.
 */
export async function undoPasswordNotice(
  trx: Kysely<Database>,
  deps: NoticeDeps,
  job: { user_id: string; upn: string; created_at: number },
  at: number,
): Promise<void> {
  if (!(await withdrawPasswordNotice(trx, job))) return;
  const user = await noticeRecipient(trx, { id: job.user_id });
  if (user === undefined) return;
  await queueSecurityNotice(trx, deps, user, { kind: 'password_change_undone' }, { at });
}
