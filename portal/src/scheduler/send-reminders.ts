import { randomUUID } from 'node:crypto';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { queueUserMail } from '../accounts/queue-user-mail.js';
import { recordAudit } from '../audit/record-audit.js';

const DAY_MS = 86_400_000;

/**
 * One reminder per user per UTC day during the last expiryWarningDays days before expiry. The
 * (user_id, day) primary key of reminders_sent is what guarantees "never twice the same day": the
 * mail is queued in the same transaction as that row, so a restart or a second instance that gets
 * here too inserts nothing and queues nothing.
 */
export async function sendReminders(deps: AccountAdminDeps, now: Date): Promise<number> {
  const { db, config } = deps;
  const { maxAgeDays, expiryWarningDays } = config.policy;
  if (maxAgeDays === null || expiryWarningDays === 0) return 0;
  const ms = now.getTime();
  const maxAgeMs = maxAgeDays * DAY_MS;
  const day = now.toISOString().slice(0, 10);
  const due = await db
    .selectFrom('users')
    .selectAll()
    .where('status', '=', 'active')
    .where('never_expires', '=', 0)
    .where('password_changed_at', '>', ms - maxAgeMs)
    .where('password_changed_at', '<=', ms - maxAgeMs + expiryWarningDays * DAY_MS)
    .execute();
  let sent = 0;
  for (const user of due) {
    const expiresAt = user.password_changed_at + maxAgeMs;
    const queued = await db.transaction().execute(async (trx) => {
      // The claim on (user, day) is the transaction's FIRST statement and a write: in WAL mode a
      // transaction that read first could not upgrade once another instance wrote (SQLITE_BUSY).
      const claimed = await trx
        .insertInto('reminders_sent')
        .values({ user_id: user.id, day, sent_at: ms })
        .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
        .returning('user_id')
        .executeTakeFirst();
      if (claimed === undefined) return false;
      const daysLeft = Math.max(1, Math.ceil((expiresAt - ms) / DAY_MS));
      await queueUserMail(
        trx,
        deps,
        user,
        {
          kind: 'expiry_warning',
          changeUrl: `${config.publicUrl}/change`,
          expiresAt: new Date(expiresAt),
          daysLeft,
        },
        ms,
      );
      await recordAudit(trx, {
        type: 'user_password_warning_email',
        user: { id: user.id, email: user.email },
        at: now,
        success: true,
        correlationId: randomUUID(),
        initiatedBy: { type: 'system', id: 'passgate-scheduler' },
      });
      return true;
    });
    if (queued) sent += 1;
  }
  return sent;
}
