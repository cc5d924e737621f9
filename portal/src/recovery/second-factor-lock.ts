import type { LockoutRule } from '../store/port/counters.js';

/**
 * Consecutive wrong second factors at security info's sign-in before it locks (SECOND_FACTOR_LOCKED).
 * Whoever gets there knows the password: the factor is all that stands between them and the account's
 * methods, and the rate limits alone only slow them. NIST SP 800-63B §5.2.2 caps consecutive failed
 * attempts at 100; 20 leaves a person many mistypes while a guesser's chance at an authenticator code
 * before the lock is at most 20 × 3 in 10^6 = 6 × 10^-5.
 *
 * Consecutive: the count never lapses with time, and the lock does not end with it (both last a
 * century, i.e. until cleared): only a right factor before the lock, or an unlock (an admin's, or the
 * person's own at /reset by proving their methods), clears it.
 */
export const SECOND_FACTOR_LOCKOUT: LockoutRule = {
  maxAttempts: 20,
  durationSeconds: 100 * 365 * 86_400,
  resetCounterMinutes: 100 * 365 * 1_440,
};

/**
 * The lock's key, beside the account's device locks (`device-lock:<email>#…`; device ids are random
 * UUIDs, never this word): so an admin's unlock and /reset's self-service unlock end it with every other
 * lock of the account, and both see the account as locked while it is. A password sign-in counts on its
 * own keys and is never stopped by it.
 */
export function secondFactorLockKey(email: string): string {
  return `device-lock:${email}${SECOND_FACTOR_KEY_SUFFIX}`;
}

/** How the lock's keys end: the pruner keeps them while they count (consecutive means never lapsing). */
export const SECOND_FACTOR_KEY_SUFFIX = '#second-factor';
