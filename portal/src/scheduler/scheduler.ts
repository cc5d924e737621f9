import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { releaseLease, takeLease } from '../store/port/leases.js';
import { pruneStaleRows } from './prune-stale-rows.js';
import { sendReminders } from './send-reminders.js';
import { sweepExpiries } from './sweep-expiries.js';
import { sweepUnlocks } from './sweep-unlocks.js';

export interface SchedulerOptions extends AccountAdminDeps {
  logger: Logger;
  /** Injected clock (tests travel in time with it). */
  now: () => Date;
  intervalMs: number;
  leaseMs: number;
  /** Called after a sweep queued jobs or mails, so they go out now rather than at the next poll. */
  onWork?: (work: SweepResult) => void;
}

export interface SweepResult {
  /** false: another instance holds the lease, nothing was done here. */
  ran: boolean;
  expired: number;
  reminders: number;
  unlocked: number;
  /** Rows that could no longer decide anything, deleted (counters, sessions, links). */
  pruned: number;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** One sweep now, if this instance holds (or can take) the lease. */
  runOnce(): Promise<SweepResult>;
}

const LEASE = 'account-sweep';

/**
 * The server's scheduler: expiries, reminder mails, ended lockouts and pruning stale rows. Several portal instances may
 * run it; a lease in the database lets only one sweep at a time, and every step is also safe if two
 * ran at once (conditional updates, the reminders_sent key), so a lease lost mid-sweep harms nothing.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const holder = randomUUID();
  const { db, logger, now } = options;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> = Promise.resolve();

  async function runOnce(): Promise<SweepResult> {
    const at = now();
    if (!(await takeLease(db, LEASE, holder, at.getTime(), options.leaseMs)))
      return { ran: false, expired: 0, reminders: 0, unlocked: 0, pruned: 0 };
    const expired = await sweepExpiries(db, options, at);
    const reminders = await sendReminders(options, at);
    const unlocked = await sweepUnlocks(options, at);
    const pruned = await pruneStaleRows(db, options.config, at.getTime());
    const result = { ran: true, expired, reminders, unlocked, pruned };
    if (expired + reminders + unlocked > 0) {
      logger.info(result, 'scheduler sweep');
      options.onWork?.(result);
    }
    return result;
  }

  function tick(): void {
    current = runOnce()
      .catch((error: unknown) => logger.error({ err: error }, 'scheduler sweep failed'))
      .finally(() => {
        if (timer !== null) timer = setTimeout(tick, options.intervalMs);
      });
  }

  return {
    start(): void {
      if (timer !== null) return;
      timer = setTimeout(tick, 0);
    },
    async stop(): Promise<void> {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await current;
      await releaseLease(db, LEASE, holder).catch(() => undefined);
    },
    runOnce,
  };
}
