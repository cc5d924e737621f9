import type { Kysely } from 'kysely';
import type { Database } from '../store/database-schema.js';
import { recordHeartbeat, takeFromWindows, type Window } from '../store/port/index.js';
import type { Heartbeat } from './heartbeat-schema.js';

/**
 * How often one install, and one client address, may report. An install reports about daily and
 * when its policy changes; one address may be a whole office behind a proxy, hence the room.
 */
export const HEARTBEAT_LIMITS: { perInstall: Window; perAddress: Window } = {
  perInstall: { max: 12, windowSeconds: 3600 },
  perAddress: { max: 5000, windowSeconds: 3600 },
};

export type HeartbeatOutcome = 'recorded' | 'rate-limited';

/** Where the heartbeat route hands a valid heartbeat. */
export interface HeartbeatSink {
  accept(beat: Heartbeat, clientIp: string): Promise<HeartbeatOutcome>;
}

/** Counts the heartbeat against the address and the install first; past a limit nothing is stored. */
export function heartbeatSink(db: Kysely<Database>, now: () => number = Date.now): HeartbeatSink {
  return {
    async accept(beat, clientIp) {
      const at = now();
      const allowed = await takeFromWindows(
        db,
        [
          { key: `heartbeat:address:${clientIp}`, window: HEARTBEAT_LIMITS.perAddress },
          { key: `heartbeat:install:${beat.installId}`, window: HEARTBEAT_LIMITS.perInstall },
        ],
        at,
      );
      if (!allowed) return 'rate-limited';
      await recordHeartbeat(db, beat, at);
      return 'recorded';
    },
  };
}
