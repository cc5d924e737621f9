import { randomUUID } from 'node:crypto';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { emailOfLockKey, LOCK_KEY_PREFIXES } from '../accounts/limit-keys.js';
import { recordAudit } from '../audit/record-audit.js';

/**
 * A lockout ends by itself when its time is up (sign-in checks locked_until, so nobody waits for this
 * sweep); the sweep only records `user_unlocked` for each ended lock and clears its counter row, so
 * the audit log shows when each lock ended. Returns how many.
 */
export async function sweepUnlocks(deps: AccountAdminDeps, now: Date): Promise<number> {
  const { db } = deps;
  const ms = now.getTime();
  const ended = await db
    .selectFrom('counters')
    .select(['key', 'locked_until'])
    .where((eb) => eb.or(LOCK_KEY_PREFIXES.map((prefix) => eb('key', 'like', `${prefix}%`))))
    .where('locked_until', 'is not', null)
    .where('locked_until', '<=', ms)
    .execute();
  for (const row of ended) {
    const email = emailOfLockKey(row.key) ?? row.key;
    await db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('counters')
        .where('key', '=', row.key)
        .where('locked_until', '=', row.locked_until)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) return;
      const user = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      await recordAudit(trx, {
        type: 'user_unlocked',
        user: { id: user?.id ?? null, email },
        at: new Date(row.locked_until ?? ms),
        success: true,
        correlationId: randomUUID(),
        changes: [{ field: 'locked', from: true, to: false }],
        initiatedBy: { type: 'system', id: 'passgate-scheduler' },
      });
    });
  }
  return ended.length;
}
