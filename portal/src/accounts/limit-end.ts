import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import type { Window } from '../store/port/counters.js';
import type { Refusal } from './account-service.js';

/**
 * What each rate-limit window counts, so its refusal names its own reason: passwords typed from one client
 * address or for one address typed, resets started from one client address, codes mailed, codes typed. One window never says
 * another's reason (issue 16: one page's limit must not masquerade as another's).
 */
export type LimitReason =
  | 'password_address'
  | 'password_account'
  | 'reset_address'
  | 'codes_sent'
  | 'codes_typed';

/** A window with what it counts. */
export interface ReasonedWindow {
  key: string;
  window: Window;
  reason: LimitReason;
  /**
   * Counts everyone who types one address (not one client or one proven person): its start is when
   * anyone last began typing that address, so its end would tell a stranger when its owner last tried.
   * Its refusal names the whole window instead ("in 15 minutes", perhaps sooner).
   */
  keyedOnTypedAddress?: true;
}

/** Which window refused and the whole minutes until it has room again (at least 1). */
export interface LimitEnd {
  reason: LimitReason;
  minutesLeft: number;
}

/**
 * RATE_LIMITED with the window that refused and when it ends, read after takeFromWindows said no. That
 * take stops at the first full window, in order, having counted the refused attempt in it: the first
 * window over its limit within its time is the one. Without one (it lapsed meanwhile) the refusal stays
 * bare and the page says the general words. A plain read: whatever it finds, nothing is counted again.
 */
export async function limitRefusal(
  db: Kysely<Database>,
  limits: readonly ReasonedWindow[],
  now: number,
): Promise<Refusal & { code: 'RATE_LIMITED' }> {
  if (limits.length === 0) return { code: 'RATE_LIMITED' };
  const rows = await db
    .selectFrom('counters')
    .select(['key', 'count', 'window_start'])
    .where(
      'key',
      'in',
      limits.map((limit) => limit.key),
    )
    .execute();
  for (const { key, window, reason, keyedOnTypedAddress } of limits) {
    const row = rows.find((candidate) => candidate.key === key);
    if (row === undefined) continue;
    const ends = Number(row.window_start) + window.windowSeconds * 1000;
    if (Number(row.count) > window.max && ends > now) {
      const left = keyedOnTypedAddress ? window.windowSeconds * 1000 : ends - now;
      return {
        code: 'RATE_LIMITED',
        limit: { reason, minutesLeft: Math.max(1, Math.ceil(left / 60_000)) },
      };
    }
  }
  return { code: 'RATE_LIMITED' };
}
