import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLogger,
  openPortal,
  type Portal,
  type PortalConfig,
  type PortalConfigInput,
  parseConfig,
} from '@passgate/portal';
import type { M365Emulator } from '@passgate/test/m365-emulator';
import { addEmulatedTenant } from './emulated-tenant.js';
import { TEST_SECRET_KEY, TEST_TENANT_DOMAIN } from './start-portal.js';
import { waitUntil } from './wait-until.js';

export interface CrashablePortalOptions {
  /** The caller's emulator (it closes it); a tenant owning contoso.example is added to it. */
  emulator: M365Emulator;
  /** The portal's clock; the sync worker, the scheduler and the services all read it. */
  now: () => Date;
  /** Each Graph request's timeout (default 5 s); sync.leaseSeconds must cover six of them. */
  graphTimeoutMs?: number;
  /** Config fields merged over the defaults (policy, sync, rateLimits, mail …). */
  config?: Partial<PortalConfigInput>;
}

/** What settle() left waiting for the clock to move. */
export interface Settled {
  /**
   * When the last hold of a job whose call to Microsoft 365 got no answer ends (null: no job is held):
   * the job stays `running` under that lease, and only the clock passing it lets the worker send it again.
   */
  heldUntil: number | null;
}

export interface CrashablePortal {
  /** The instance running now: a new object after every crash. */
  readonly portal: Portal;
  tenantId: string;
  config: PortalConfig;
  /** The last log lines (JSON) of every instance, for a failure report. */
  recentLogs(): string[];
  /**
   * kill -9, in-process: the instance's database connection is closed under it, so every statement
   * it has not committed yet fails (an open transaction rolls back), while a Graph request already
   * sent goes on and may still change Microsoft 365. A new instance then opens the same file; jobs
   * the dead one had claimed stay `running` until their lease runs out on the clock. Resolves with
   * the new instance running and, inside, a promise of the dead one's last request having ended.
   */
  crash(): Promise<{ woundDown: Promise<void> }>;
  /**
   * Waits until the sync worker has nothing left that it could do at the clock's current time: no
   * job in flight, none claimable (jobs waiting for a retry time, behind an older job of the same
   * user, for a paused tenant, for a dead instance's lease to run out, or held after a call that got
   * no answer are left waiting). Resolves with the end of the holds still ahead.
   */
  settle(): Promise<Settled>;
  close(): Promise<void>;
}

/** Scheduler and mail sender do not run by themselves here: tests that move the clock call runOnce(). */
export async function startCrashablePortal(options: CrashablePortalOptions): Promise<CrashablePortal> {
  const tenant = addEmulatedTenant(options.emulator, 'Contoso', TEST_TENANT_DOMAIN);
  const dir = await mkdtemp(join(tmpdir(), 'passgate-crashable-'));
  const config = parseConfig(
    {
      publicUrl: 'http://127.0.0.1:8787',
      database: join(dir, 'passgate.sqlite'),
      secretKey: TEST_SECRET_KEY,
      tenants: [
        {
          name: 'contoso',
          domains: [TEST_TENANT_DOMAIN],
          graph: { ...tenant.graph, timeoutMs: options.graphTimeoutMs ?? 5_000 },
        },
      ],
      ...options.config,
    },
    {},
  );
  const logs: string[] = [];
  let tenantChecks = 0;
  const logger = createLogger({
    level: 'info',
    destination: {
      write(line: string): void {
        if (line.includes('Microsoft 365 tenant reachable') || line.includes('tenant check failed'))
          tenantChecks += 1;
        logs.push(line);
        if (logs.length > 400) logs.splice(0, 200);
      },
    },
  });
  // Jobs a dead instance had claimed: `running` in the database, but no worker is applying them.
  let orphans = new Map<string, number>();
  // Jobs a worker held after a call that got no answer, and the end of each hold: its 'retrying' outcome
  // names it, and the job is still held while the store shows it `running` under a lease ending then (a
  // rescheduled job is `queued`; one claimed again has a later lease). Kept through crashes, as the store
  // keeps the hold.
  const holds = new Map<string, number>();
  const stopping: Promise<unknown>[] = [];

  async function open(): Promise<Portal> {
    const checksBefore = tenantChecks;
    const next = await openPortal(config, { logger, now: options.now, startWorker: false });
    const running = await next.store.db
      .selectFrom('outbox_jobs')
      .select(['id', 'attempts'])
      .where('status', '=', 'running')
      .execute();
    orphans = new Map(running.map((job) => [job.id, job.attempts]));
    next.worker.onOutcome((outcome) => {
      if (outcome.status === 'retrying') holds.set(outcome.jobId, outcome.nextAttemptAt);
      else holds.delete(outcome.jobId);
    });
    next.worker.start();
    // openPortal checks the tenant in the background: let that finish, so its requests do not meet
    // the faults a test injects next.
    await waitUntil(() => tenantChecks > checksBefore);
    return next;
  }

  let current = await open();

  /**
   * How many claims were ever made, how many jobs a live worker is applying now, and when the last hold
   * still ahead ends.
   */
  async function claims(): Promise<{ attempts: number; running: number } & Settled> {
    const { db } = current.store;
    const total = await db
      .selectFrom('outbox_jobs')
      .select((eb) => eb.fn.sum<number>('attempts').as('n'))
      .executeTakeFirstOrThrow();
    const running = await db
      .selectFrom('outbox_jobs')
      .select(['id', 'attempts', 'lease_until'])
      .where('status', '=', 'running')
      .execute();
    const held = running.filter((job) => holds.get(job.id) === Number(job.lease_until));
    const live = running.filter((job) => orphans.get(job.id) !== job.attempts && !held.includes(job));
    const at = options.now().getTime();
    const ahead = held.map((job) => Number(job.lease_until)).filter((until) => until > at);
    return {
      attempts: Number(total.n ?? 0),
      running: live.length,
      heldUntil: ahead.length > 0 ? Math.max(...ahead) : null,
    };
  }

  return {
    get portal(): Portal {
      return current;
    },
    tenantId: tenant.tenantId,
    config,
    recentLogs: () => [...logs],
    async crash(): Promise<{ woundDown: Promise<void> }> {
      const dead = current;
      await dead.store.close();
      // What is left of the dead instance winds down in the background: its worker's calls fail at
      // the first statement, and a Graph request in flight ends within the tenant's timeoutMs.
      const woundDown = dead.worker
        .stop()
        .catch(() => undefined)
        .then(() => Promise.all([...dead.clients.values()].map((client) => client.close())))
        .then(() => undefined);
      stopping.push(woundDown);
      current = await open();
      return { woundDown };
    },
    async settle(): Promise<Settled> {
      let settled: Settled = { heldUntil: null };
      // Every claim adds one to a job's attempts: an unchanged sum around a claim round that found
      // nothing means the background loop did not claim anything in between either.
      await waitUntil(async () => {
        const before = await claims();
        if (before.running > 0) return false;
        if ((await current.worker.runOnce()) > 0) return false;
        const after = await claims();
        settled = { heldUntil: after.heldUntil };
        return after.running === 0 && after.attempts === before.attempts;
      }, 60_000);
      return settled;
    },
    async close(): Promise<void> {
      await current.close();
      await Promise.allSettled(stopping);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
