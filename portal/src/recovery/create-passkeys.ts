import { isIP } from 'node:net';
import { addressBucket } from '../accounts/address-bucket.js';
import type { UserRow } from '../accounts/check-credentials.js';
import type { AccountServiceDeps } from '../accounts/create-account-service.js';
import { startSession } from '../accounts/portal-sessions.js';
import { isPastMaxAge } from '../accounts/sign-in.js';
import { takeFromWindow } from '../store/port/counters.js';
import { endAccountSession, findAccountSession, openAccountSession } from './account-sessions.js';
import { passkeyAssertionOptions, verifyPasskeyAssertion } from './passkey-assertion.js';
import { passkeyRegistrationOptions, registerPasskey } from './passkey-registration.js';
import type { PasskeyService } from './passkey-service.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import { relyingPartyOf } from './relying-party.js';
import { renamePasskey } from './rename-passkey.js';

/** The service behind the passkey pages (see PasskeyService). */
export function createPasskeys(
  accountDeps: Pick<AccountServiceDeps, 'config'>,
  deps: RecoveryDeps,
): PasskeyService {
  const lifetimes = deps.config.recovery;
  const { config } = accountDeps;

  const pendingUser = (token: string | null): Promise<UserRow | null> =>
    token === null
      ? Promise.resolve(null)
      : findAccountSession(deps.db, token, 'account_pending', deps.now().getTime(), lifetimes);

  /** The passkey's owner, if a passkey may sign them in now. */
  async function owner(userId: string): Promise<RecoveryOutcome<{ user: UserRow }>> {
    const user = await deps.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst();
    if (user === undefined) return refusedWith('PASSKEY_NOT_ACCEPTED');
    // The passkey proved the person, so the answer may say what a right password would let it say.
    if (user.status === 'suspended') return refusedWith('ACCOUNT_SUSPENDED');
    if (user.status === 'pending_activation') return refusedWith('ACCOUNT_NOT_ACTIVATED');
    return { status: 'ok', user };
  }

  // Browsers refuse an IP address as a passkey's RP ID: with publicUrl naming one, no page offers passkeys
  // (config warnings say so at start).
  const rpId = relyingPartyOf(deps.config).id.replace(/^\[|\]$/g, '');
  return {
    enabled: deps.config.recovery.methods.includes('passkey') && isIP(rpId) === 0,

    registrationOptions: (person, sessionToken) => passkeyRegistrationOptions(deps, person, sessionToken),

    async register(person, input, origin) {
      const added = await registerPasskey(
        deps,
        person,
        {
          binding: input.sessionToken,
          response: input.response,
          name: input.name,
          ...(input.defaultName === undefined ? {} : { defaultName: input.defaultName }),
        },
        origin,
      );
      return added.status === 'ok' ? { status: 'ok', label: added.label } : added;
    },

    async rename(person, methodId, name) {
      const renamed = await renamePasskey(deps, person, methodId, name);
      return renamed.status === 'ok' ? { status: 'ok' } : renamed;
    },

    async signInOptions(input) {
      // Each options request stores a challenge: counted per client address (IPv6 by /64), like password
      // checks, so nobody can fill the table from one place. Failures need no counting of their own: every
      // answer spends a challenge, and a passkey's signature cannot be guessed.
      const key = `passkey-options:${addressBucket(input.clientIp)}`;
      if (!(await takeFromWindow(deps.db, key, config.rateLimits.perAddress, deps.now().getTime())))
        return refusedWith('RATE_LIMITED');
      const pending = input.door === 'account' ? await pendingUser(input.pendingToken) : null;
      return passkeyAssertionOptions(deps, {
        purpose: input.door,
        binding: input.ceremony,
        userId: pending?.id ?? null,
      });
    },

    async signInToAccount(input) {
      const pending = await pendingUser(input.pendingToken);
      const origin = { clientIp: input.clientIp, userAgent: input.userAgent };
      const proved = await verifyPasskeyAssertion(
        deps,
        {
          purpose: 'account',
          binding: input.ceremony,
          response: input.response,
          expectedUserId: pending?.id ?? null,
        },
        origin,
      );
      if (proved.status === 'refused') return proved;
      const allowed = await owner(proved.userId);
      if (allowed.status === 'refused') return allowed;
      if (pending !== null && input.pendingToken !== null)
        await endAccountSession(deps.db, input.pendingToken);
      // A passkey with user verification is two factors at once (the device, and the PIN or biometric that
      // unlocked it): it opens security info as fully as the password and a second factor do. The session
      // is bound to the current password's version like every other: a password change elsewhere ends it.
      const session = await openAccountSession(
        deps.db,
        allowed.user,
        'account',
        deps.now().getTime(),
        lifetimes,
      );
      return { status: 'ok', session };
    },

    async signInExpired(input) {
      const origin = { clientIp: input.clientIp, userAgent: input.userAgent };
      const proved = await verifyPasskeyAssertion(
        deps,
        // forReset: a passkey still in its cooling-off (cooling-off.ts) sets no password here either.
        { purpose: 'expired_sign_in', binding: input.ceremony, response: input.response, forReset: true },
        origin,
      );
      if (proved.status === 'refused') return proved;
      const allowed = await owner(proved.userId);
      if (allowed.status === 'refused') return allowed;
      const { user } = allowed;
      const now = deps.now().getTime();
      // Why a passkey may open the set-new-password step, as the expired password does (a reviewer's
      // questions, answered):
      // - Is it weaker than the door it joins? No: this door already opens on the expired password alone,
      //   one factor that may be phished or reused; a passkey is bound to this site (no phishing), proves
      //   possession and, with user verification required, a PIN or biometric as well.
      // - Could it be planted? Registering a passkey takes a signed-in security-info session: the password
      //   and, once one is registered, a second factor. One added on the password alone (the account had no
      //   other way back in) waits out recovery.newMethodCoolingOffHours before it opens this door, as at
      //   /reset: the owner who was told of it, and had the password expired, is not overtaken by it.
      // - Does it bypass reset's rules (recovery.required: 2)? It opens nothing that is not already open:
      //   only an EXPIRED password may be replaced here, exactly as with the password. A valid password
      //   is never replaced on a passkey's strength here (that is a reset, with its own rules): the person
      //   is told it is still valid.
      // - Lockout? The lockout counts wrong passwords. A passkey is not a password try: it neither counts
      //   nor is stopped by a lock that someone else's guessing may have set (as a known device is not).
      //   A suspension does stop it (checked above).
      // - Trail: every use is audited (user_passkey_used, purpose expired_sign_in), and the new password
      //   goes through the same accept path, audit and notifications as any other.
      if (user.status !== 'expired' && !isPastMaxAge(user, config.policy.maxAgeDays, now))
        return { status: 'ok', session: null };
      const session = await startSession(deps.db, user, now, config.links.sessionMinutes);
      return { status: 'ok', session };
    },
  };
}
