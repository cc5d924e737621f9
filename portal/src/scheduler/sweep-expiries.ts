import type { Kysely } from 'kysely';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { expireUser } from '../accounts/admin-actions.js';
import type { Database } from '../store/database-schema.js';

const DAY_MS = 86_400_000;

/** Marks every active, non-exempt user whose password is older than maxAgeDays as expired. Returns how many. */
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
    .execute();
  let expired = 0;
  for (const { email } of due) {
    if (await expireUser(deps, email, now, { type: 'system', id: 'passgate-scheduler' }, true)) expired += 1;
  }
  return expired;
}
