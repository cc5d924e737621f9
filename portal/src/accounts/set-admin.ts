import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@passgate/core/events';
import { recordAudit } from '../audit/record-audit.js';
import type { AccountAdminDeps } from './admin-actions.js';
import { UserNotFoundError } from './admin-actions.js';
import { normaliseEmail } from './tenant-for-email.js';

/**
 * Marks an account as an admin account, or not. An admin account always needs two recovery methods of
 * different kinds (whatever recovery.required says): it opens everything else, so one factor besides
 * its password is never enough. Returns false when the flag was already so.
 */
export async function setAdmin(
  deps: Pick<AccountAdminDeps, 'db'>,
  email: string,
  on: boolean,
  now: Date,
  actor: AuditActor,
): Promise<boolean> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'email', 'is_admin'])
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (user === undefined) throw new UserNotFoundError(`no user ${normaliseEmail(email)}`);
  if ((user.is_admin === 1) === on) return false;
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ is_admin: on ? 1 : 0 })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, {
      type: 'user_update',
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId: randomUUID(),
      changes: [{ field: 'isAdmin', from: user.is_admin === 1, to: on }],
      initiatedBy: actor,
    });
  });
  return true;
}
