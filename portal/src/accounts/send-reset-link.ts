import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@passgate/core/events';
import { recordAudit } from '../audit/record-audit.js';
import { type AccountAdminDeps, UserNotFoundError, UserStateError } from './admin-actions.js';
import { issueLink } from './link-tokens.js';
import { linkUrl, queueUserMail } from './queue-user-mail.js';
import { normaliseEmail } from './tenant-for-email.js';

/**
 * Support sends a reset link to the person's work address (the same link and mail /reset sends). Older
 * reset links end: support means this one. A suspended account gets none (unsuspend first), a pending one
 * needs its welcome link instead. The link goes out by mail only: it is never returned, shown or logged.
 */
export async function sendResetLink(
  deps: AccountAdminDeps,
  email: string,
  now: Date,
  actor: AuditActor,
): Promise<void> {
  const user = await deps.db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (user === undefined) throw new UserNotFoundError(`no user ${normaliseEmail(email)}`);
  if (user.status === 'suspended' || user.status === 'pending_activation')
    throw new UserStateError(
      `${user.email} is ${user.status}: ${user.status === 'suspended' ? 'unsuspend it first' : 'send the welcome link instead'}`,
    );
  const at = now.getTime();
  const minutes = deps.config.links.resetMinutes;
  await deps.db.transaction().execute(async (trx) => {
    const { token } = await issueLink(trx, user.id, 'reset', at, minutes * 60_000, { replace: true });
    await queueUserMail(
      trx,
      deps,
      user,
      { kind: 'reset', link: linkUrl(deps.config, 'reset', token), minutes },
      at,
    );
    await recordAudit(trx, {
      type: 'user_password_reset_request',
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId: randomUUID(),
      changes: [{ field: 'resetLink' }],
      initiatedBy: actor,
    });
  });
}
