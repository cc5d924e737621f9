import type { Kysely } from 'kysely';
import { addressBucket } from '../accounts/address-bucket.js';
import type { Database } from '../store/database-schema.js';
import { countInWindow, recordHeartbeat, takeFromWindows, type Window } from '../store/port/index.js';
import type { Heartbeat } from './heartbeat-schema.js';

/**
 * How often one install, and one client address (IPv6 by /64), may report. An install reports about
 * daily and when its policy changes; one address may be a whole office behind a proxy, hence the room.
 * Install ids are the sender's own random claim and each new one is a row: new ones are held to a
 * number per address and hour, so a script cannot fill the disk (nor the coverage report) with them.
 */
export const HEARTBEAT_LIMITS: { perInstall: Window; perAddress: Window; newPerAddress: Window } = {
  perInstall: { max: 12, windowSeconds: 3600 },
  perAddress: { max: 5000, windowSeconds: 3600 },
  newPerAddress: { max: 100, windowSeconds: 3600 },
};

export type HeartbeatOutcome = 'recorded' | 'rate-limited';

/** Where the heartbeat route hands a valid heartbeat. */
export interface HeartbeatSink {
  accept(beat: Heartbeat, clientIp: string): Promise<HeartbeatOutcome>;
}

/**
 * Counts the heartbeat against the address and the install first; past a limit nothing is stored, and
 * nothing is counted: a refused heartbeat changes nothing in the database.
 */
export function heartbeatSink(db: Kysely<Database>, now: () => number = Date.now): HeartbeatSink {
  return {
    async accept(beat, clientIp) {
      const at = now();
      const bucket = addressBucket(clientIp);
      const known = await db
        .selectFrom('extension_installs')
        .select('install_id')
        .where('install_id', '=', beat.installId)
        .executeTakeFirst();
      // The install's own key last: takeFromWindows stops at the first full window, so a new id refused
      // for its address leaves no counter row of its own (one per invented id would fill the disk).
      const windows = [
        { key: `heartbeat:address:${bucket}`, window: HEARTBEAT_LIMITS.perAddress },
        ...(known ? [] : [{ key: `heartbeat:new:${bucket}`, window: HEARTBEAT_LIMITS.newPerAddress }]),
        { key: `heartbeat:install:${beat.installId}`, window: HEARTBEAT_LIMITS.perInstall },
      ];
      // Refused on a read before anything is written. takeFromWindows stays the authority: a heartbeat
      // that races another for a window's last slot may still be refused by it, counted on the windows
      // before the full one.
      for (const { key, window } of windows) {
        if ((await countInWindow(db, key, window, at)) >= window.max) return 'rate-limited';
      }
      if (!(await takeFromWindows(db, windows, at))) return 'rate-limited';
      await recordHeartbeat(db, beat, at);
      return 'recorded';
    },
  };
}
