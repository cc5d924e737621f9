import { randomUUID } from 'node:crypto';
import type { RefusalCode } from '@passgate/core/codes';
import { recordAudit } from '../audit/record-audit.js';
import { reserveAttempt, settleFailure, takeFromWindows } from '../store/port/counters.js';
import type { Refusal, RequestOrigin, SignInOutcome } from './account-service.js';
import { checkCredentials, type UserRow } from './check-credentials.js';
import type { AccountServiceDeps } from './create-account-service.js';
import { limitRefusal } from './limit-end.js';
import { passwordCheckKeys } from './limit-keys.js';
import { lockRefusal } from './lock-refusal.js';
import { startSession } from './portal-sessions.js';
import { clearFailuresAndRecordUnlock } from './record-unlock-observed.js';
import { normaliseEmail } from './tenant-for-email.js';

const DAY_MS = 86_400_000;

/** True when the password is past the policy's maximum age and the user is not exempt (the sweep may not have run yet). */
export function isPastMaxAge(user: UserRow, maxAgeDays: number | null, now: number): boolean {
  return (
    maxAgeDays !== null &&
    user.never_expires === 0 &&
    user.status === 'active' &&
    now - user.password_changed_at >= maxAgeDays * DAY_MS
  );
}

/** A sign-in's outcome that names the user when the password was right (security info opens its session on it). */
export type ProvenSignIn = Exclude<SignInOutcome, { status: 'ok' }> | { status: 'ok'; user: UserRow };

/** Builds AccountService.signIn: the door for expired accounts (and a check that a password is right). */
export function createSignIn(
  deps: AccountServiceDeps,
): (input: { email: string; password: string } & RequestOrigin) => Promise<SignInOutcome> {
  const signIn = createProvenSignIn(deps);
  return async (input) => {
    const outcome = await signIn(input);
    return outcome.status === 'ok' ? { status: 'ok' } : outcome;
  };
}

/**
 * The sign-in itself: every counter, lock and audit row of /signin. Security info (/account) signs in
 * through this same function, so the two doors cannot drift apart in how they count and lock.
 */
export function createProvenSignIn(
  deps: AccountServiceDeps,
): (input: { email: string; password: string } & RequestOrigin) => Promise<ProvenSignIn> {
  const { db, config } = deps;
  const { policy } = config;
  return async function signIn(input): Promise<ProvenSignIn> {
    const at = deps.now();
    const ms = at.getTime();
    const email = normaliseEmail(input.email);
    const origin = { clientIp: input.clientIp, userAgent: input.userAgent };
    const correlationId = randomUUID();
    const refuse = async (
      user: UserRow | null,
      code: RefusalCode,
      refusal?: Refusal,
    ): Promise<ProvenSignIn> => {
      await recordAudit(db, {
        type: 'user_login_attempt',
        user: { id: user?.id ?? null, email },
        at,
        origin,
        success: false,
        errorMessage: code,
        correlationId,
      });
      return { status: 'refused', refusals: [refusal ?? { code }] };
    };
    // Same counters as the change form: known or unknown e-mails count alike.
    const { windows, lockKey } = passwordCheckKeys(config, email, input);
    if (!(await takeFromWindows(db, windows, ms)))
      return refuse(null, 'RATE_LIMITED', await limitRefusal(db, windows, ms));
    // Reserved before the password is checked: parallel requests never evaluate more than maxAttempts.
    if (policy.lockout !== null && !(await reserveAttempt(db, lockKey, policy.lockout, ms)))
      return refuse(null, 'ACCOUNT_LOCKED', await lockRefusal(db, lockKey, ms));
    const known = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    // A pending_activation account has no password yet, so no password is right: it gets the same
    // INVALID_CREDENTIALS (whose words point new people to their welcome link) and counts the failure
    // like an unknown e-mail. A distinct answer would tell a guesser which e-mails have accounts.
    const proven = await checkCredentials(db, email, input.password);
    if (proven === null) {
      if (policy.lockout !== null && (await settleFailure(db, lockKey, policy.lockout, ms))) {
        await recordAudit(db, {
          type: 'user_lockout',
          user: { id: known?.id ?? null, email },
          at,
          origin,
          success: true,
          correlationId,
          initiatedBy: { type: 'system' },
        });
      }
      return refuse(known ?? null, 'INVALID_CREDENTIALS');
    }
    const { user } = proven;
    await clearFailuresAndRecordUnlock(db, { id: user.id, email }, lockKey, correlationId, ms);
    // Only now, with the password proven, may the answer say "suspended": a guesser learns nothing.
    if (user.status === 'suspended') return refuse(user, 'ACCOUNT_SUSPENDED');
    await recordAudit(db, {
      type: 'user_login_attempt',
      user: { id: user.id, email },
      at,
      origin,
      success: true,
      correlationId,
    });
    if (user.status === 'expired' || isPastMaxAge(user, policy.maxAgeDays, ms)) {
      const session = await startSession(db, user, ms, config.links.sessionMinutes);
      return { status: 'must_change', session };
    }
    return { status: 'ok', user };
  };
}
