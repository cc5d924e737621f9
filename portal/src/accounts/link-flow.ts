import { randomUUID } from 'node:crypto';
import { methodsNeeded } from '../recovery/standing.js';
import { workMailboxServes } from '../recovery/work-mailbox-serves.js';
import { acceptPassword } from './accept-password.js';
import type { ChangeOutcome, LinkPurpose, LinkView, RequestOrigin } from './account-service.js';
import type { AccountServiceDeps } from './create-account-service.js';
import { liftLocks } from './lift-locks.js';
import { findOpenLink, reopenLink, useLink } from './link-tokens.js';
import { endUserSessions } from './portal-sessions.js';
import { refused } from './refused.js';

/**
 * AccountService.getLink: null for an unknown, used, superseded or expired link; 'suspended' for a live
 * link of a suspended account. Saying so gives nothing away: only whoever holds the mailed link (the
 * person, through their mailbox) can ask, and a guessed token is never live.
 */
export async function getLinkView(
  deps: AccountServiceDeps,
  token: string,
  purpose: LinkPurpose,
): Promise<LinkView | 'suspended' | null> {
  const link = await findOpenLink(deps.db, token, purpose, deps.now().getTime());
  if (link === null) return null;
  if (link.user.status === 'suspended') return 'suspended';
  // A reset link works only while the work mailbox may still serve this person (checked at use too).
  if (
    purpose === 'reset' &&
    !(await workMailboxServes(deps.db, link.user, deps.config.recovery, deps.now().getTime()))
  )
    return null;
  return {
    email: link.user.email,
    displayName: link.user.display_name,
    purpose,
    expiresAt: new Date(link.expiresAt),
  };
}

/**
 * AccountService.setPasswordWithLink. The link is spent in the same transaction that queues the
 * password (two tabs cannot both use it), the lockout is lifted, the user's portal sessions end, and
 * Microsoft 365 gets password + accountEnabled: true in one PATCH, then (config revokeSessionsOnReset)
 * its sign-in sessions are revoked. If Microsoft refuses the password, the link is given back.
 */
export async function setPasswordWithLink(
  deps: AccountServiceDeps,
  input: { token: string; purpose: LinkPurpose; newPassword: string } & RequestOrigin,
): Promise<ChangeOutcome> {
  const { db, config } = deps;
  const link = await findOpenLink(db, input.token, input.purpose, deps.now().getTime());
  if (link === null) return refused('LINK_INVALID');
  if (link.user.status === 'suspended') return refused('ACCOUNT_SUSPENDED');
  const { user } = link;
  // An account that needs two kinds of method gets only one from its work mailbox: its link leads on to
  // /reset's flow for the second (reset-finish-routes), and never sets a password by itself.
  if (input.purpose === 'reset' && methodsNeeded(user.is_admin === 1, config.recovery) > 1)
    return refused('LINK_INVALID');
  // Nor once the work mailbox no longer serves this person: another way registered since the link was
  // sent, or `recovery.workMailboxLink` changed (request-reset.ts asked when it was sent).
  if (
    input.purpose === 'reset' &&
    !(await workMailboxServes(db, user, config.recovery, deps.now().getTime()))
  )
    return refused('LINK_INVALID');
  const correlationId = randomUUID();
  const result = await acceptPassword(deps, {
    user,
    newPassword: input.newPassword,
    correlationId,
    clientIp: input.clientIp,
    userAgent: input.userAgent,
    proof: {
      kind: 'recovery',
      revokeSessions: input.purpose === 'reset' && config.revokeSessionsOnReset,
      claim: async (trx) => {
        const at = deps.now();
        if (
          !(await useLink(
            trx,
            { tokenHash: link.tokenHash, userId: user.id, purpose: input.purpose },
            at.getTime(),
          ))
        )
          return false;
        await endUserSessions(trx, user.id);
        // The mailbox proves the person: every lock on the account ends, its devices' too.
        await liftLocks(trx, user, input, correlationId, at);
        return true;
      },
    },
    // A welcome link sets the first password: nothing was changed, so nobody is told.
    notice: input.purpose === 'reset' ? { kind: 'reset', proofs: ['work_mailbox'] } : null,
  });
  if (result.status === 'claim_lost') return refused('LINK_INVALID');
  if (result.status === 'stale') return refused('PASSWORD_CHANGED_MEANWHILE');
  if (result.status === 'refused' && result.refusals.some((r) => r.code === 'PASSWORD_REJECTED_BY_MICROSOFT'))
    await reopenLink(db, link.tokenHash);
  return result;
}
