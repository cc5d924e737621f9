import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

export interface HeartbeatRow {
  installId: string;
  extensionVersion: string;
  browser: string;
  browserVersion: string;
  platform: string;
  policyApplied: boolean;
  redirects: { change: number; reset: number; expired: number; extra: number };
}

/**
 * Records one extension install's heartbeat: ONE upsert (INSERT … ON CONFLICT … DO UPDATE), so
 * two heartbeats of one install arriving at two portal instances at once leave one row, with the
 * first time it was seen kept and the rest from the later heartbeat.
 */
export async function recordHeartbeat(db: Kysely<Database>, beat: HeartbeatRow, now: number): Promise<void> {
  const values = {
    extension_version: beat.extensionVersion,
    browser: beat.browser,
    browser_version: beat.browserVersion,
    platform: beat.platform,
    policy_applied: beat.policyApplied ? 1 : 0,
    redirects_change: beat.redirects.change,
    redirects_reset: beat.redirects.reset,
    redirects_expired: beat.redirects.expired,
    redirects_extra: beat.redirects.extra,
    last_seen_at: now,
  };
  await db
    .insertInto('extension_installs')
    .values({ install_id: beat.installId, first_seen_at: now, ...values })
    .onConflict((oc) => oc.column('install_id').doUpdateSet(values))
    .execute();
}
