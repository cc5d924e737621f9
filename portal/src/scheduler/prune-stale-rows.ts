import { type Kysely, sql } from 'kysely';
import { pruneAdminSessions } from '../admin/admin-sessions.js';
import type { PortalConfig } from '../config/portal-config.js';
import { SECOND_FACTOR_KEY_SUFFIX } from '../recovery/second-factor-lock.js';
import { DAY_LOCK_PREFIX } from '../reset/reset-limits.js';
import type { Database } from '../store/database-schema.js';

const DAY_MS = 86_400_000;
/** An install that has not reported for this long is taken as gone (uninstalled, browser reset). */
export const INSTALL_FORGOTTEN_DAYS = 90;
/** How long a finished password job or a sent mail stays for the console (the audit log keeps the story). */
export const FINISHED_WORK_KEPT_DAYS = 30;

// A finished job can go once the user has a newer one that was sent and has ended: the newest job keeps
// the per-user seq counting up, and the newest sent password job is the drift sweep's "last write".
const NEWER_WRITE_ENDED = sql<boolean>`EXISTS (SELECT 1 FROM outbox_jobs k WHERE k.user_id = outbox_jobs.user_id AND k.seq > outbox_jobs.seq AND k.kind = 'set_password' AND k.attempts > 0 AND k.status IN ('done', 'failed', 'superseded'))`;

/**
 * Deletes rows that can no longer decide anything, so the tables do not grow with every address and
 * e-mail anyone ever typed: rate-limit and failure counters whose longest window has passed (ended
 * locks are left to sweepUnlocks, which records their end first), portal sessions past their expiry,
 * link tokens and mailed codes a day after they expired or were spent, authenticator setups never
 * confirmed (their sealed key) a day after they were started, spent proofs of work once they
 * expired (the challenge itself is refused as expired from then on), passkey challenges never
 * answered once they expired, extension installs silent for INSTALL_FORGOTTEN_DAYS (the coverage
 * report looks back 30 days at most), reset flows once they expired (each names an address someone
 * typed; a spent one lives on until then, to be given back if Microsoft 365 refuses its password), and
 * /reset's own locks a day after they ended (sign-in's ended locks wait for sweepUnlocks, which records
 * their end), admin console sessions past their absolute limit, and password jobs and mails finished
FINISHED_WORK_KEPT_DAYS ago (a job only once a newer write of the user's has ended). Returns how many
rows went.
 */
export async function pruneStaleRows(
  db: Kysely<Database>,
  config: Pick<PortalConfig, 'rateLimits' | 'policy' | 'bots'>,
  now: number,
): Promise<number> {
  const windowsMs = [
    ...Object.values(config.rateLimits).map((w) => w.windowSeconds * 1000),
    (config.policy.lockout?.resetCounterMinutes ?? 0) * 60_000,
    config.bots.failureWindowSeconds * 1000,
  ];
  const longest = Math.max(...windowsMs);
  const counters = await db
    .deleteFrom('counters')
    .where('locked_until', 'is', null)
    .where('window_start', '<', now - longest)
    .where('key', 'not like', `${DAY_LOCK_PREFIX}%`)
    // Security info's wrong factors in a row (second-factor-lock.ts): pruned after an hour's pause, a
    // guesser holding the password would never reach the lock, and the person never hear of it.
    .where('key', 'not like', `%${SECOND_FACTOR_KEY_SUFFIX}`)
    .executeTakeFirst();
  // /reset's day-long authenticator counts restart a day after their last attempt (reset-limits.ts):
  // pruned sooner, a guesser pausing for the rate limits' longest window would start again from nothing.
  const dayCounts = await db
    .deleteFrom('counters')
    .where('key', 'like', `${DAY_LOCK_PREFIX}%`)
    .where('locked_until', 'is', null)
    .where('window_start', '<', now - DAY_MS)
    .executeTakeFirst();
  const sessions = await db.deleteFrom('portal_sessions').where('expires_at', '<=', now).executeTakeFirst();
  const links = await db
    .deleteFrom('link_tokens')
    .where((eb) =>
      eb.or([
        eb('expires_at', '<', now - DAY_MS),
        eb('used_at', '<', now - DAY_MS),
        eb('invalidated_at', '<', now - DAY_MS),
      ]),
    )
    .executeTakeFirst();
  const challenges = await db.deleteFrom('used_challenges').where('expires_at', '<=', now).executeTakeFirst();
  const codes = await db
    .deleteFrom('email_codes')
    .where('expires_at', '<', now - DAY_MS)
    .executeTakeFirst();
  const ceremonies = await db
    .deleteFrom('passkey_challenges')
    .where('expires_at', '<=', now)
    .executeTakeFirst();
  const flows = await db.deleteFrom('reset_flows').where('expires_at', '<=', now).executeTakeFirst();
  const resetLocks = await db
    .deleteFrom('counters')
    .where('key', 'like', 'reset-%')
    .where('locked_until', '<', now - DAY_MS)
    .executeTakeFirst();
  const setups = await db
    .deleteFrom('recovery_methods')
    .where('confirmed_at', 'is', null)
    .where('created_at', '<', now - DAY_MS)
    .executeTakeFirst();
  const installs = await db
    .deleteFrom('extension_installs')
    .where('last_seen_at', '<', now - INSTALL_FORGOTTEN_DAYS * DAY_MS)
    .executeTakeFirst();
  // Console sessions past their absolute limit (one idle too long is refused already, and goes by then).
  const adminSessions = await pruneAdminSessions(db, now);
  const finishedBefore = now - FINISHED_WORK_KEPT_DAYS * DAY_MS;
  const jobs = await db
    .deleteFrom('outbox_jobs')
    .where('status', 'in', ['done', 'failed', 'superseded'])
    .where('updated_at', '<', finishedBefore)
    .where(NEWER_WRITE_ENDED)
    .executeTakeFirst();
  const mails = await db
    .deleteFrom('mail_queue')
    .where('status', 'in', ['sent', 'failed'])
    .where('created_at', '<', finishedBefore)
    .executeTakeFirst();
  return (
    adminSessions +
    Number(
      installs.numDeletedRows +
        jobs.numDeletedRows +
        mails.numDeletedRows +
        counters.numDeletedRows +
        dayCounts.numDeletedRows +
        sessions.numDeletedRows +
        links.numDeletedRows +
        challenges.numDeletedRows +
        codes.numDeletedRows +
        ceremonies.numDeletedRows +
        flows.numDeletedRows +
        resetLocks.numDeletedRows +
        setups.numDeletedRows,
    )
  );
}
