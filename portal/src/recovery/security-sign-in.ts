import { randomUUID } from 'node:crypto';
import type { RequestOrigin } from '../accounts/account-service.js';
import { addressBucket } from '../accounts/address-bucket.js';
import type { UserRow } from '../accounts/check-credentials.js';
import type { AccountServiceDeps } from '../accounts/create-account-service.js';
import { createProvenSignIn } from '../accounts/sign-in.js';
import { recordAudit } from '../audit/record-audit.js';
import { takeFromWindows } from '../store/port/counters.js';
import { endAccountSession, findAccountSession, openAccountSession } from './account-sessions.js';
import { checkPersonalEmailCode, personalEmailOf, sendPersonalEmailCode } from './personal-email.js';
import { consumeRecoveryCode } from './recovery-codes.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import { registrationStatus } from './registration.js';
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
      const windows = [
        { key: `factor-addr:${addressBucket(origin.clientIp)}`, window: rateLimits.perAddress },
        { key: `factor-acct:${user.id}`, window: rateLimits.perAccount },
      ];
      if (!(await takeFromWindows(deps.db, windows, at.getTime()))) return refusedWith('RATE_LIMITED');
      const status = await registrationStatus(deps, user.id);
      const registered = status?.factors.includes(FACTOR_KIND[factor.kind]) ?? false;
      const result = registered ? await check(user, factor) : refusedWith('CODE_INVALID');
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
