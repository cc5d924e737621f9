import { findOpenLink, useLink } from '../accounts/link-tokens.js';
import { methodsNeeded } from '../recovery/standing.js';
import { workMailboxServes } from '../recovery/work-mailbox-serves.js';
import { addProvenKind } from '../store/port/reset-flows.js';
import { findFlow, openFlow } from './flow-rows.js';
import type { ResetDeps } from './reset-deps.js';
import type { ResetGrant } from './reset-flow-service.js';

/**
 * Whether a reset link belongs to an account that needs more than the work mailbox (two kinds), and
 * whose work mailbox may still serve as one of them (checked at use, not only when the link was sent).
 */
export async function linkNeedsMore(deps: ResetDeps, linkToken: string): Promise<boolean> {
  const link = await findOpenLink(deps.db, linkToken, 'reset', deps.now().getTime());
  return (
    link !== null &&
    link.user.status !== 'suspended' &&
    methodsNeeded(link.user.is_admin === 1, deps.config.recovery) > 1 &&
    (await workMailboxServes(deps.db, link.user, deps.config.recovery, deps.now().getTime()))
  );
}

/**
 * The link of an account that needs two kinds proves one, the work mailbox: it is spent here (once) and
 * the person goes on to prove a second kind. In the browser that began the reset the work mailbox is
 * added to that flow, so what it proved already still counts; anywhere else a new flow begins with it.
 */
export async function continueFromLink(
  deps: ResetDeps,
  linkToken: string,
  flowToken: string | null,
): Promise<ResetGrant | null> {
  const now = deps.now().getTime();
  if (!(await linkNeedsMore(deps, linkToken))) return null;
  const link = await findOpenLink(deps.db, linkToken, 'reset', now);
  if (link === null) return null;
  const current = flowToken === null ? null : await findFlow(deps.db, flowToken, now);
  return deps.db.transaction().execute(async (trx) => {
    if (!(await useLink(trx, { tokenHash: link.tokenHash, userId: link.user.id, purpose: 'reset' }, now)))
      return null;
    if (flowToken !== null && current !== null && current.user?.id === link.user.id) {
      const proven = await addProvenKind(trx, current.tokenHash, 'work_mailbox', now);
      if (proven !== null) return { token: flowToken, expiresAt: new Date(current.expiresAt) };
    }
    const opened = await openFlow(
      trx,
      {
        email: link.user.email,
        user: link.user,
        needed: methodsNeeded(link.user.is_admin === 1, deps.config.recovery),
        proven: ['work_mailbox'],
      },
      now,
    );
    return { token: opened.token, expiresAt: new Date(opened.expiresAt) };
  });
}
