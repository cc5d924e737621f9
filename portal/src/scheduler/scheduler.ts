import { randomUUID } from 'node:crypto';
import type { M365Client } from '@passgate/core/graph';
import type { Logger } from 'pino';
import type { AccountAdminDeps } from '../accounts/admin-actions.js';
import { releaseLease, takeLease } from '../store/port/leases.js';
import { pruneStaleRows } from './prune-stale-rows.js';
import { sendReminders } from './send-reminders.js';
import { type DriftSweepResult, sweepDrift } from './sweep-drift.js';
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
  /** Microsoft 365 clients by tenant: with them, drift detection runs every drift.intervalSeconds. */
  clients?: ReadonlyMap<string, M365Client>;
}

export interface SweepResult {
  /** false: another instance holds the lease, nothing was done here. */
  ran: boolean;
  expired: number;
  reminders: number;
  unlocked: number;
  /** Rows that could no longer decide anything, deleted (counters, sessions, links). */
  pruned: number;
  /** Passwords found changed in Microsoft 365 outside the portal (when a tenant's drift round was due). */
  drifts?: number;
}

export interface Scheduler {
  start(): void;
  stop(): Promise<void>;
  /** One sweep now, if this instance holds (or can take) the lease. */
  runOnce(): Promise<SweepResult>;
  /** One drift round over every tenant now, due or not, under the lease (null: another instance holds it). */
  sweepDriftNow(): Promise<DriftSweepResult | null>;
}

const LEASE = 'account-sweep';
const NOTHING: SweepResult = { ran: false, expired: 0, reminders: 0, unlocked: 0, pruned: 0 };

/**
 * The server's scheduler: expiries, reminder mails, ended lockouts, pruning stale rows, and drift detection
 * (every drift.intervalSeconds, see sweep-drift.ts). Several portal instances may
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
    if (!(await takeLease(db, LEASE, holder, at.getTime(), options.leaseMs))) return { ...NOTHING };
    const expired = await sweepExpiries(db, options, at);
    const reminders = await sendReminders(options, at);
    const unlocked = await sweepUnlocks(options, at);
    const pruned = await pruneStaleRows(db, options.config, at.getTime());
    const drift = await driftRound(at, false);
    const drifts = drift?.drifts ?? 0;
    const result = { ran: true, expired, reminders, unlocked, pruned, drifts };
    if (expired + reminders + unlocked + drifts > 0) {
      logger.info(result, 'scheduler sweep');
      options.onWork?.(result);
    }
    return result;
  }

  /** Drift detection under this instance's lease, renewed between pages of a long tenant. */
  async function driftRound(at: Date, force: boolean): Promise<DriftSweepResult | null> {
    if (options.clients === undefined || options.config.tenants.length === 0) return null;
    return sweepDrift(
      {
        ...options,
        clients: options.clients,
        keepLease: () => takeLease(db, LEASE, holder, now().getTime(), options.leaseMs),
      },
      at,
      force,
    );
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
    async sweepDriftNow(): Promise<DriftSweepResult | null> {
      const at = now();
      if (!(await takeLease(db, LEASE, holder, at.getTime(), options.leaseMs))) return null;
      const result = await driftRound(at, true);
      if (result !== null && result.drifts > 0)
        options.onWork?.({ ...NOTHING, ran: true, drifts: result.drifts });
      return result;
    },
  };
}
