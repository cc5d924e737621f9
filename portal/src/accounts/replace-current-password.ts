import type { AuditChange } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import type { Database, UserStatus } from '../store/database-schema.js';
import { lockCredential } from '../store/port/lock-credential.js';

// Rows kept per user beyond what the policy asks, so raising historyCount later still has data to check.
const HISTORY_KEPT = 24;

/** What making a password current did to the user's status. */
export interface PasswordMadeCurrent {
  /** It made an expired or pending account active. */
  reactivated: boolean;
  /**
   * The status changes it made, for the audit row of the password (an auditor must not find a status
   * changed with no row saying so): `status` when it reactivated, `statusBeforeSuspend` when it ended the
   * expiry (or pending activation) a suspension keeps for unsuspend. Empty when it changed neither.
   */
  changes: AuditChange[];
}

/**
 * Makes `newHash` the user's current password and moves the old one into the history. Call in a transaction.
 * `acceptedAt` is when the portal accepted it (default `at`): for a change Microsoft 365 confirms later,
 * when the person was told it was saved. `reactivate`: the password ends an expiry (or a pending
 * activation). Returns whether it made an expired or pending account active, and the status changes.
 */
export async function replaceCurrentPassword(
  trx: Kysely<Database>,
  userId: string,
  newHash: string,
  at: number,
  changes: { byUser: boolean; reactivate: boolean; acceptedAt?: number },
): Promise<PasswordMadeCurrent> {
  // Under the row's write lock: on PostgreSQL a suspension committing between this read and the write
  // below would otherwise be overwritten with 'active' from a stale read.
  await lockCredential(trx, userId);
  const user = await trx
    .selectFrom('users')
    .select(['password_hash', 'status', 'status_before_suspend'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  // A pending_activation user has no password yet ('' hash): nothing to remember.
  if (user.password_hash !== '') {
    await trx
      .insertInto('password_history')
      .values({ user_id: userId, password_hash: user.password_hash, retired_at: at })
      .execute();
  }
  const keep = trx
    .selectFrom('password_history')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(HISTORY_KEPT);
  await trx
    .deleteFrom('password_history')
    .where('user_id', '=', userId)
    .where('id', 'not in', keep)
    .execute();
  const ends = (status: UserStatus | null): boolean =>
    status === 'expired' || status === 'pending_activation';
  // Only an expiry or a pending activation ends here: a suspension made meanwhile stays (admins lift it).
  const reactivates = changes.reactivate && ends(user.status);
  // Suspended meanwhile: the suspension stays, but the expiry (or pending activation) it keeps for unsuspend
  // is over. Lifting it restores 'active' and re-enables Microsoft 365 sign-in, instead of an expiry that
  // would keep blocking a person who set their new password and was told it was saved.
  const endsUnderSuspension =
    changes.reactivate && user.status === 'suspended' && ends(user.status_before_suspend);
  await trx
    .updateTable('users')
    .set({
      password_hash: newHash,
      password_changed_at: at,
      ...(changes.byUser ? { user_changed_at: at } : {}),
      ...(reactivates ? { status: 'active' as const } : {}),
      ...(endsUnderSuspension ? { status_before_suspend: 'active' as const } : {}),
    })
    .where('id', '=', userId)
    .execute();
  // A password change invalidates every open reset or activation link issued before it was accepted. A
  // link asked for after that (while Microsoft 365 had the change queued) is the person's own next step.
  await trx
    .updateTable('link_tokens')
    .set({ invalidated_at: at })
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .where('invalidated_at', 'is', null)
    .where('created_at', '<=', changes.acceptedAt ?? at)
    .execute();
  return {
    reactivated: reactivates,
    changes: [
      ...(reactivates ? [{ field: 'status', from: user.status, to: 'active' }] : []),
      ...(endsUnderSuspension
        ? [{ field: 'statusBeforeSuspend', from: user.status_before_suspend, to: 'active' }]
        : []),
    ],
  };
}
