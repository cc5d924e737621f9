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

/** What undoing a notice takes besides a notice's: how long a change's request waits for Microsoft 365. */
export type UndoNoticeDeps = NoticeDeps & { config: { sync: { changeWaitMs: number } } };

/**
 * Microsoft 365 refused a password: the "password changed" notice queued with it is now untrue. It is
 * withdrawn, and a follow-up says the change did not take effect, to the same addresses, when a copy
 * may have been read or the person was told "queued". Only a refusal that came while the change's
 * request still waited (its page says so) needs no mail: the job's first attempt, before the wait ended
 * (a job retried once made the request answer "queued" at once). Call in failJob's transaction, so
 * the follow-up commits with the failure.
 */
export async function undoPasswordNotice(
  trx: Kysely<Database>,
  deps: UndoNoticeDeps,
  job: { user_id: string; upn: string; created_at: number; attempts: number },
  at: number,
): Promise<void> {
  const mayHaveBeenRead = await withdrawPasswordNotice(trx, job);
  const toldQueued = job.attempts > 1 || at >= job.created_at + deps.config.sync.changeWaitMs;
  if (!mayHaveBeenRead && !toldQueued) return;
  const user = await noticeRecipient(trx, { id: job.user_id });
  if (user === undefined) return;
  await queueSecurityNotice(trx, deps, user, { kind: 'password_change_undone' }, { at });
}
