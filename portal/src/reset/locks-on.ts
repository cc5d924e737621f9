import type { Kysely } from 'kysely';
import { liveLockKeys } from '../accounts/limit-keys.js';
import type { UnlockedLock } from '../notifications/security-notice.js';
import { secondFactorLockKey } from '../recovery/second-factor-lock.js';
import type { Database } from '../store/database-schema.js';

/**
 * Which locks are on for the account now, told apart as the unlock notice words them: security info's
 * (wrong second factors) is its own; any other (the account's, a device's) is the wrong-passwords one.
 * Read before the locks are lifted, so the notice says what was actually unlocked.
 */
export async function locksOn(db: Kysely<Database>, email: string, now: number): Promise<UnlockedLock[]> {
  const keys = await liveLockKeys(db, email, now);
  const secondFactor = secondFactorLockKey(email);
  const locks: UnlockedLock[] = [];
  if (keys.some((key) => key !== secondFactor)) locks.push('password');
  if (keys.includes(secondFactor)) locks.push('second_factor');
  return locks;
}
