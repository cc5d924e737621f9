import { randomUUID } from 'node:crypto';
import { acceptPassword } from './accept-password.js';
import type { ChangeOutcome, RequestOrigin, SessionView } from './account-service.js';
import type { AccountServiceDeps } from './create-account-service.js';
import { carrySessionOver, endSessionByToken, endUserSessions, findSessionUser } from './portal-sessions.js';
import { refused } from './refused.js';

/** AccountService.getSession: null for an unknown, ended or expired session, and for a suspended user. */
export async function getSessionView(deps: AccountServiceDeps, token: string): Promise<SessionView | null> {
  const found = await findSessionUser(deps.db, token, deps.now().getTime());
  if (found === null || found.user.status === 'suspended') return null;
  return {
    email: found.user.email,
    displayName: found.user.display_name,
    purpose: 'set_password',
    expiresAt: new Date(found.expiresAt),
  };
}

export function endSession(deps: AccountServiceDeps, token: string): Promise<void> {
  return endSessionByToken(deps.db, token);
}

/** AccountService.setPasswordWithSession: the forced change after an expired sign-in. */
export async function setPasswordWithSession(
  deps: AccountServiceDeps,
  input: { sessionToken: string; newPassword: string } & RequestOrigin,
): Promise<ChangeOutcome> {
  const found = await findSessionUser(deps.db, input.sessionToken, deps.now().getTime());
  if (found === null) return refused('SESSION_EXPIRED');
  const { user } = found;
  // Suspended since signing in: the session is worthless, support must act.
  if (user.status === 'suspended') {
    await endUserSessions(deps.db, user.id);
    return refused('ACCOUNT_SUSPENDED');
  }
  const result = await acceptPassword(deps, {
    user,
    newPassword: input.newPassword,
    correlationId: randomUUID(),
    clientIp: input.clientIp,
    userAgent: input.userAgent,
    proof: {
      kind: 'recovery',
      revokeSessions: false,
      claim: (trx) => carrySessionOver(trx, input.sessionToken, user.credential_version),
    },
    notice: { kind: 'expired' },
  });
  // Another password was accepted since this session was opened (or it was ended): it holds no more.
  if (result.status === 'claim_lost' || result.status === 'stale') return refused('SESSION_EXPIRED');
  // Kept when the password was refused (policy or Microsoft), so the person can pick another one.
  if (result.status !== 'refused') await endUserSessions(deps.db, user.id);
  return result;
}
