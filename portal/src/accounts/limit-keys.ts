import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { PortalConfig } from '../config/portal-config.js';
import type { Database } from '../store/database-schema.js';
import type { Window } from '../store/port/counters.js';
import type { RequestOrigin } from './account-service.js';
import { addressBucket } from './address-bucket.js';
import type { ReasonedWindow } from './limit-end.js';

const LOCK = 'lock:';
const DEVICE_LOCK = 'device-lock:';

export interface PasswordCheckKeys {
  /** Taken from before the password is checked: per client address (IPv6 by /64) and per account. */
  windows: ReasonedWindow[];
  /** Where failed checks count toward the lockout, and where a lock is looked for. */
  lockKey: string;
}

/**
 * The counters a password check (sign-in, change) uses. Counted for every e-mail typed, known or not,
 * so they reveal nothing about who exists. From a browser the owner proved the password in before (a
 * verified device cookie), the account's window and lock are the device's own: failures made elsewhere
 * do not block it, and its own failures lock only it.
 */
export function passwordCheckKeys(
  config: PortalConfig,
  email: string,
  origin: RequestOrigin,
): PasswordCheckKeys {
  const device = origin.device === undefined ? '' : `#${origin.device}`;
  return {
    windows: [
      {
        key: `addr:${addressBucket(origin.clientIp)}`,
        window: config.rateLimits.perAddress,
        reason: 'password_address',
      },
      {
        key: device ? `device-acct:${email}${device}` : `acct:${email}`,
        window: config.rateLimits.perAccount,
        reason: 'password_account',
        ...(device ? {} : { keyedOnTypedAddress: true as const }),
      },
    ],
    lockKey: device ? `${DEVICE_LOCK}${email}${device}` : `${LOCK}${email}`,
  };
}

/** The windows a reset request takes from: per client address (IPv6 by /64) and per address typed. */
export function resetRequestWindows(
  config: PortalConfig,
  email: string,
  clientIp: string,
): { client: { key: string; window: Window }; account: { key: string; window: Window } } {
  return {
    client: { key: `reset-addr:${addressBucket(clientIp)}`, window: config.rateLimits.resetPerAddress },
    account: { key: `reset-acct:${email}`, window: config.rateLimits.resetPerAccount },
  };
}

/**
 * Where wrong passwords typed from one client address (IPv6 by /64) are counted, whichever e-mail they
 * were for: past a threshold, that address is asked for a proof of work before its next password check.
 */
export function signInFailureKey(clientIp: string): string {
  return `fail-addr:${addressBucket(clientIp)}`;
}

/** The account's own lock key (the one admins see and unlock; device locks are beside it). */
export function accountLockKey(email: string): string {
  return `${LOCK}${email}`;
}

/** The e-mail a lock key (account or device) belongs to, or null for any other counter. */
export function emailOfLockKey(key: string): string | null {
  if (key.startsWith(LOCK)) return key.slice(LOCK.length);
  if (key.startsWith(DEVICE_LOCK)) return key.slice(DEVICE_LOCK.length).split('#')[0] ?? null;
  return null;
}

/** Prefixes of every lock key in the counters table (for the unlock sweep). */
export const LOCK_KEY_PREFIXES = [LOCK, DEVICE_LOCK] as const;

/** Matches the account's own lock key and its devices' (an escaped LIKE prefix: see clearAllLocks). */
function anyLockOf(email: string) {
  const prefix = `${DEVICE_LOCK}${email}#`.replaceAll(/[\\%_]/g, (c) => `\\${c}`);
  return (eb: ExpressionBuilder<Database, 'counters'>) =>
    eb.or([
      eb('key', '=', accountLockKey(email)),
      sql<boolean>`${eb.ref('key')} LIKE ${`${prefix}%`} ESCAPE '\\'`,
    ]);
}

/** Whether the account, or any of its devices, is locked now (a way back in offers to unlock it). */
export async function lockedAnywhere(db: Kysely<Database>, email: string, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('counters')
    .select('key')
    .where(anyLockOf(email))
    .where('locked_until', '>', now)
    .executeTakeFirst();
  return row !== undefined;
}

/** The keys of the account's locks (its own, its devices', security info's) that are on now. */
export async function liveLockKeys(db: Kysely<Database>, email: string, now: number): Promise<string[]> {
  const rows = await db
    .selectFrom('counters')
    .select('key')
    .where(anyLockOf(email))
    .where('locked_until', '>', now)
    .execute();
  return rows.map((row) => row.key);
}

/**
 * Ends the account's lock and its devices' locks (an admin's unlock, a reset link). The device keys are
 * matched by an escaped LIKE prefix: `_` and `%` in an address stay literal, and unlike a range of
 * keys it holds under any collation (PostgreSQL's en_US sorts punctuation loosely).
 */
export async function clearAllLocks(db: Kysely<Database>, email: string): Promise<void> {
  await db.deleteFrom('counters').where(anyLockOf(email)).execute();
}
