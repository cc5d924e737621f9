import type { Kysely } from 'kysely';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { expireUser } from '../accounts/admin-actions.js';
import type { Database } from '../store/database-schema.js';

const DAY_MS = 86_400_000;

/**
 * Marks every active, non-exempt user whose password is older than maxAgeDays as expired. Returns how many.
 * A user whose new password is still queued for Microsoft 365 is left alone: they will be active with a
 * fresh password shortly, and if Microsoft refuses it the next sweep expires them (see expireUser).
 */
export async function sweepExpiries(
  db: Kysely<Database>,
  deps: AccountAdminDeps,
  now: Date,
): Promise<number> {
  const maxAge = deps.config.policy.maxAgeDays;
  if (maxAge === null) return 0;
  const due = await db
    .selectFrom('users')
    .select('email')
    .where('status', '=', 'active')
    .where('never_expires', '=', 0)
    .where('password_changed_at', '<=', now.getTime() - maxAge * DAY_MS)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('pending_passwords as p').select('p.job_id').whereRef('p.user_id', '=', 'users.id'),
        ),
      ),
    )
    .execute();
  let expired = 0;
  for (const { email } of due) {
    if (await expireUser(deps, email, now, { type: 'system', id: 'passgate-scheduler' }, true)) expired += 1;
  }
  return expired;
}
