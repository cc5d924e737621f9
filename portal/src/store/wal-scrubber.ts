import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './database-schema.js';

/** How long a second process's write lock is waited for (see openStore). */
export const BUSY_TIMEOUT_MS = 5000;

/** Warn once a wipe has waited this long for a checkpoint that readers keep blocking. */
const BLOCKED_WARNING_MS = 60_000;

/**
 * A spaced scrub (a queue loop's round) waits this long after the last one. A checkpoint syncs the WAL
 * and the database file and holds the event loop meanwhile (better-sqlite3 is synchronous): once per
 * finished job, under load, it cost more than the rest of a password change outside argon2. Spaced, a
 * wiped payload (sealed: AES-256-GCM under a key that is not in these files) stays in the WAL about a
 * second longer at most, and one checkpoint covers every wipe of that second.
 */
export const SCRUB_SPACING_MS = 1000;

export type ScrubResult = 'clean' | 'scrubbed' | 'blocked' | 'failed' | 'deferred';

export interface ScrubOptions {
  /**
   * true: skip (answer 'deferred', the wipe stays noted) when the last completed scrub is less than
   * SCRUB_SPACING_MS old; a loop that calls again next round gets it done then. Default false: now.
   */
  spaced?: boolean;
}

export interface WalScrubber {
  /** A statement wiped a sealed payload: the WAL still holds the page images it had before. */
  noteWipe(): void;
  /**
   * If a wipe was noted since the last complete scrub, checkpoints the WAL into the database and
   * truncates it; with secure_delete on, no copy of the wiped bytes is left in either file. Returns
   * 'blocked' (the wipe stays noted) when another connection's read keeps the checkpoint from finishing:
   * call again later, e.g. on the next worker round. Never throws.
   */
  scrub(options?: ScrubOptions): Promise<ScrubResult>;
}

/**
 * Wiping a payload (UPDATE … SET payload = NULL) writes the new page to the WAL, but the WAL keeps the
 * old page image, sealed payload included, until a checkpoint copies the pages back and the WAL file is
 * truncated: a PASSIVE (automatic) checkpoint leaves old frames in the file to be overwritten later.
 * So callers that wipe run scrub() once per round, not per statement: one checkpoint covers them all.
 */
export function createWalScrubber(db: Kysely<Database>, logger: Logger): WalScrubber {
  let noted = 0;
  let scrubbed = 0;
  let blockedSince: number | null = null;
  let warned = false;
  let running: Promise<ScrubResult> | null = null;
  let lastScrubAt = Number.NEGATIVE_INFINITY;

  /** true when the checkpoint completed and the WAL file is now empty. */
  async function checkpoint(): Promise<boolean> {
    // The Kysely connection waits for any open transaction: a checkpoint inside one cannot complete.
    return db.connection().execute(async (connection) => {
      // No waiting on other processes' locks: better-sqlite3 is synchronous, so a busy wait here would
      // stall every request in this process. A blocked checkpoint is simply tried again next round.
      await sql`pragma busy_timeout = 0`.execute(connection);
      try {
        const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(connection);
        return rows[0]?.busy === 0;
      } finally {
        await sql.raw(`pragma busy_timeout = ${BUSY_TIMEOUT_MS}`).execute(connection);
      }
    });
  }

  async function run(): Promise<ScrubResult> {
    const upTo = noted;
    try {
      if (!(await checkpoint())) {
        blockedSince ??= Date.now();
        if (!warned && Date.now() - blockedSince > BLOCKED_WARNING_MS) {
          warned = true;
          logger.warn(
            'wiped sealed passwords are still in the WAL file: another process keeps a read open, so the checkpoint cannot finish; it is retried every round',
          );
        }
        return 'blocked';
      }
      if (warned) logger.info('WAL checkpoint completed: wiped sealed passwords are gone from the WAL file');
      scrubbed = upTo;
      lastScrubAt = Date.now();
      blockedSince = null;
      warned = false;
      return 'scrubbed';
    } catch (error) {
      logger.warn({ err: error }, 'WAL checkpoint failed; it is retried next round');
      return 'failed';
    }
  }

  return {
    noteWipe(): void {
      noted += 1;
    },
    scrub(options: ScrubOptions = {}): Promise<ScrubResult> {
      // The worker and the mail sender share one scrubber: a second caller joins the running checkpoint.
      if (running !== null) return running;
      if (noted === scrubbed) return Promise.resolve('clean');
      if (options.spaced && Date.now() - lastScrubAt < SCRUB_SPACING_MS) return Promise.resolve('deferred');
      running = run().finally(() => {
        running = null;
      });
      return running;
    },
  };
}
