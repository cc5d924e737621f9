import { randomUUID } from 'node:crypto';
import { acceptPassword } from '../accounts/accept-password.js';
import type { ChangeOutcome, RequestOrigin } from '../accounts/account-service.js';
import { liftLocks } from '../accounts/lift-locks.js';
import { endUserSessions } from '../accounts/portal-sessions.js';
import { refused } from '../accounts/refused.js';
import { queueSecurityNotice } from '../notifications/index.js';
import { type RecoveryOutcome, refusedWith } from '../recovery/recovery-outcome.js';
import { reopenFlow, spendFlow } from '../store/port/reset-flows.js';
import type { FlowRow } from './flow-rows.js';
import { locksOn } from './locks-on.js';
import type { ResetDeps } from './reset-deps.js';

/** A flow that proved enough, with its account: the only kind the last step acts on. */
export type CompleteFlow = FlowRow & { user: NonNullable<FlowRow['user']> };

/** Whether the flow proved as many different kinds as its account needs. */
export function isComplete(flow: FlowRow | null): flow is CompleteFlow {
  return flow !== null && flow.user !== null && flow.proven.length >= flow.needed;
}

/**
 * Sets the new password of a complete flow through the one place a password is accepted: the flow is
 * spent in the accepting transaction (two tabs cannot both use it), the person's portal sessions end,
 * every lock on the account is lifted, Microsoft 365 gets the password and accountEnabled: true in one
 * PATCH (and, with revokeSessionsOnReset, its sessions are revoked), and the person is told at every
 * address. If Microsoft 365 refuses the password, the flow is given back to choose another (the proofs
 * still hold: no other password was accepted).
 */
export async function setPasswordWithFlow(
  deps: ResetDeps,
  flow: CompleteFlow,
  input: { newPassword: string } & RequestOrigin,
): Promise<ChangeOutcome> {
  const { user } = flow;
  if (user.status === 'suspended') return refused('ACCOUNT_SUSPENDED');
  const correlationId = randomUUID();
  const result = await acceptPassword(deps, {
    user,
    newPassword: input.newPassword,
    correlationId,
    clientIp: input.clientIp,
    userAgent: input.userAgent,
    proof: {
      kind: 'recovery',
      revokeSessions: deps.config.revokeSessionsOnReset,
      claim: async (trx) => {
        const at = deps.now();
        if (!(await spendFlow(trx, flow.tokenHash, at.getTime()))) return false;
        await endUserSessions(trx, user.id);
        await liftLocks(trx, user, input, correlationId, at);
        return true;
      },
    },
    notice: { kind: 'reset', proofs: flow.proven },
  });
  if (result.status === 'claim_lost') return refused('RESET_EXPIRED');
  if (result.status === 'stale') return refused('PASSWORD_CHANGED_MEANWHILE');
  // Given back only while nothing else moved the account on (reopenFlow); otherwise the next step finds
  // no flow and the person is told to start again.
  if (result.status === 'refused' && result.refusals.some((r) => r.code === 'PASSWORD_REJECTED_BY_MICROSOFT'))
    await reopenFlow(deps.db, flow.tokenHash);
  return result;
}

/**
 * Self-service unlock (issue 13, part 4): a locked person who proved their methods is unlocked and keeps
 * their password. The flow is spent only when there was a lock to lift; the unlock is audited
 * (`user_unlocked`, initiated by the person) and the person is told at every address.
 */
export async function unlockWithFlow(
  deps: ResetDeps,
  flow: CompleteFlow,
  origin: RequestOrigin,
): Promise<RecoveryOutcome<{ wasLocked: boolean }>> {
  const { user } = flow;
  if (user.status === 'suspended') return refusedWith('ACCOUNT_SUSPENDED');
  const at = deps.now();
  const outcome = await deps.db.transaction().execute(async (trx) => {
    // Which locks were on, read before they are lifted: the notice says what was unlocked (a security
    // info lock alone is not "too many wrong passwords").
    const locks = await locksOn(trx, user.email, at.getTime());
    if (locks.length === 0) return 'not_locked' as const;
    if (!(await spendFlow(trx, flow.tokenHash, at.getTime()))) return 'spent' as const;
    await liftLocks(trx, user, origin, randomUUID(), at);
    await queueSecurityNotice(
      trx,
      deps,
      user,
      { kind: 'account_unlocked', by: { kind: 'self', proofs: flow.proven }, locks },
      { at: at.getTime() },
    );
    return 'unlocked' as const;
  });
  if (outcome === 'spent') return refusedWith('RESET_EXPIRED');
  if (outcome === 'unlocked') deps.mailSender?.wake();
  return { status: 'ok', wasLocked: outcome === 'unlocked' };
}
