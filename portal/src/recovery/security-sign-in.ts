import { randomUUID } from 'node:crypto';
import type { RequestOrigin } from '../accounts/account-service.js';
import { addressBucket } from '../accounts/address-bucket.js';
import type { UserRow } from '../accounts/check-credentials.js';
import type { AccountServiceDeps } from '../accounts/create-account-service.js';
import { limitRefusal, type ReasonedWindow } from '../accounts/limit-end.js';
import { createProvenSignIn } from '../accounts/sign-in.js';
import { recordAudit } from '../audit/record-audit.js';
import { queueSecurityNotice } from '../notifications/index.js';
import { clearFailures, reserveAttempt, settleFailure, takeFromWindows } from '../store/port/counters.js';
import { endAccountSession, findAccountSession, openAccountSession } from './account-sessions.js';
import { checkPersonalEmailCode, personalEmailOf, sendPersonalEmailCode } from './personal-email.js';
import { consumeRecoveryCode } from './recovery-codes.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import { registrationStatus } from './registration.js';
import { SECOND_FACTOR_LOCKOUT, secondFactorLockKey } from './second-factor-lock.js';
import type {
  AccountSignInOutcome,
  Factor,
  PendingSignIn,
  SecurityInfoService,
} from './security-info-service.js';
import { verifyTotp } from './verify-totp.js';

const FACTOR_KIND = { totp: 'totp', recovery_code: 'recovery_codes', email_code: 'personal_email' } as const;

/** a***@example.org: enough for the owner to recognise, too little to give the address away. */
export function hideAddress(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, Math.min(1, at))}***${address.slice(at)}`;
}

/** Security info's sign-in: the password through /signin's own sign-in, then a second factor once one is registered. */
export function securitySignIn(
  accountDeps: AccountServiceDeps,
  deps: RecoveryDeps,
): Pick<SecurityInfoService, 'signIn' | 'pendingSignIn' | 'sendSignInCode' | 'proveFactor'> {
  const provenSignIn = createProvenSignIn(accountDeps);
  const lifetimes = deps.config.recovery;
  const { rateLimits } = accountDeps.config;

  const pendingUser = (token: string): Promise<UserRow | null> =>
    findAccountSession(deps.db, token, 'account_pending', deps.now().getTime(), lifetimes);

  async function check(user: UserRow, factor: Factor): Promise<RecoveryOutcome> {
    switch (factor.kind) {
      case 'totp':
        return verifyTotp(deps, user.id, factor.code);
      case 'recovery_code':
        return consumeRecoveryCode(deps, user.id, factor.code);
      case 'email_code':
        return checkPersonalEmailCode(deps, user.id, 'account_sign_in', factor.code);
    }
  }

  /**
   * Settles a reserved attempt: a right factor clears the count; the wrong one that locks it tells the
   * person at once, at the work address and every personal one (exactly one of parallel failures does).
   */
  async function settleAttempt(user: UserRow, key: string, result: RecoveryOutcome, at: Date): Promise<void> {
    const ms = at.getTime();
    if (result.status === 'ok') {
      await clearFailures(deps.db, key, ms);
      return;
    }
    if (!(await settleFailure(deps.db, key, SECOND_FACTOR_LOCKOUT, ms))) return;
    await deps.db
      .transaction()
      .execute((trx) =>
        queueSecurityNotice(
          trx,
          deps,
          user,
          { kind: 'second_factor_locked', failures: SECOND_FACTOR_LOCKOUT.maxAttempts },
          { at: ms },
        ),
      );
    deps.mailSender?.wake();
  }

  return {
    async signIn(input): Promise<AccountSignInOutcome> {
      const outcome = await provenSignIn(input);
      if (outcome.status !== 'ok') return outcome;
      const status = await registrationStatus(deps, outcome.user.id);
      const stage = (status?.factors.length ?? 0) > 0 ? 'account_pending' : 'account';
      const session = await openAccountSession(deps.db, outcome.user, stage, deps.now().getTime(), lifetimes);
      return { status: 'signed_in', session };
    },

    async pendingSignIn(token): Promise<PendingSignIn | null> {
      const user = await pendingUser(token);
      if (user === null) return null;
      const status = await registrationStatus(deps, user.id);
      const personal = status?.factors.includes('personal_email')
        ? await personalEmailOf(deps, user.id)
        : null;
      return {
        email: user.email,
        factors: status?.factors ?? [],
        personalEmailHint: personal === null ? null : hideAddress(personal),
      };
    },

    async sendSignInCode(token): Promise<RecoveryOutcome> {
      const user = await pendingUser(token);
      if (user === null) return refusedWith('SESSION_EXPIRED');
      const sent = await sendPersonalEmailCode(deps, user, 'account_sign_in');
      return sent.status === 'ok' ? { status: 'ok' } : sent;
    },

    async proveFactor(token, factor, origin: RequestOrigin) {
      const user = await pendingUser(token);
      if (user === null) return refusedWith('SESSION_EXPIRED');
      const at = deps.now();
      // Someone who got this far knows the password: the factor is all that stands between them and the
      // account's methods, so its guesses are counted per client address and per account.
      const windows: ReasonedWindow[] = [
        {
          key: `factor-addr:${addressBucket(origin.clientIp)}`,
          window: rateLimits.perAddress,
          reason: 'codes_typed',
        },
        { key: `factor-acct:${user.id}`, window: rateLimits.perAccount, reason: 'codes_typed' },
      ];
      if (!(await takeFromWindows(deps.db, windows, at.getTime())))
        return { status: 'refused', ...(await limitRefusal(deps.db, windows, at.getTime())) };
      // And in a row, up to a lock that time does not lift (second-factor-lock.ts): reserved before the
      // check, so parallel guesses never get more than the rule's attempts.
      const lockKey = secondFactorLockKey(user.email);
      const reserved = await reserveAttempt(deps.db, lockKey, SECOND_FACTOR_LOCKOUT, at.getTime());
      const status = await registrationStatus(deps, user.id);
      const registered = status?.factors.includes(FACTOR_KIND[factor.kind]) ?? false;
      const result = !reserved
        ? refusedWith('SECOND_FACTOR_LOCKED')
        : registered
          ? await check(user, factor)
          : refusedWith('CODE_INVALID');
      if (reserved) await settleAttempt(user, lockKey, result, at);
      await recordAudit(deps.db, {
        type: 'user_second_factor_attempt',
        user: { id: user.id, email: user.email },
        at,
        origin,
        success: result.status === 'ok',
        errorMessage: result.status === 'ok' ? null : result.code,
        changes: [{ field: 'factor', to: FACTOR_KIND[factor.kind] }],
        correlationId: randomUUID(),
      });
      if (result.status === 'refused') return result;
      await endAccountSession(deps.db, token);
      // A new token for the signed-in stage: whatever saw the pending one (before the factor) holds nothing.
      const session = await openAccountSession(deps.db, user, 'account', at.getTime(), deps.config.recovery);
      return { status: 'ok', session };
    },
  };
}
