import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { withdrawHeldMail } from '../store/port/held-mail.js';
import { type NoticeDeps, queueSecurityNotice } from './queue-security-notice.js';

/**
 * Microsoft 365 refused a password after the person was told "queued": the "password changed" notice
 * queued with it (same user, same moment: acceptPassword queues both in one transaction) is now untrue.
 * Copies not yet tried are withdrawn; when any already went out, a follow-up says the change did not
 * take effect, to the same addresses. Call in failJob's transaction, so the follow-up commits with the failure.
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
  const sent = await told.select('id').where('status', '!=', 'queued').executeTakeFirst();
  const untried = await told.select('id').where('status', '=', 'queued').where('attempts', '=', 0).execute();
  // Copies not yet tried are withdrawn: when none went out, that is the whole remedy.
  await withdrawHeldMail(
    trx,
    untried.map((row) => row.id),
  );
  if (sent === undefined) return;
  const user = await trx
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('id', '=', job.user_id)
    .executeTakeFirst();
  if (user === undefined) return;
  await queueSecurityNotice(trx, deps, user, { kind: 'password_change_undone' }, { at });
}
