import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs, jobQueuedBehind, type OutboxJob } from '../store/port/claim-jobs.js';
import { enqueueSetAccountEnabled } from '../sync/enqueue-set-account-enabled.js';
import { completeJob, rescheduleJob } from '../sync/finish-job.js';
import { createQueue, type Queue } from './create-queue.js';
import type { Attempt, RunResult, TaskKind } from './task-kind.js';

let store: Store;
let users: Record<'ann' | 'bob', string>;
let at: number;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-queue-')), 'db.sqlite'));
  at = 1_000;
  users = {
    ann: await addUser(store.db, { email: 'ann@t.example', password: 'Harbour-Lantern-73!' }, new Date(0)),
    bob: await addUser(store.db, { email: 'bob@t.example', password: 'Harbour-Lantern-73!' }, new Date(0)),
  };
});
afterEach(() => store.close());

/** Queues a job on the real outbox, at the end of the person's order. */
async function queueJob(jobId: string, who: 'ann' | 'bob'): Promise<void> {
  await store.db.transaction().execute((trx) =>
    enqueueSetAccountEnabled(trx, {
      jobId,
      userId: users[who],
      tenant: 't',
      upn: `${who}@t.example`,
      enabled: true,
      correlationId: 'c',
      now: at,
    }),
  );
}

async function statusOf(jobId: string): Promise<{ status: string; attempts: number }> {
  return store.db
    .selectFrom('outbox_jobs')
    .select(['status', 'attempts'])
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** A task kind on the outbox table, keyed per user: `work` is what one attempt does before finishing. */
function outboxKind(
  work: (job: OutboxJob, attempt: Attempt) => Promise<RunResult | 'crash'>,
): TaskKind<OutboxJob> {
  return {
    name: 'test',
    claim: (request) =>
      claimJobs(store.db, {
        now: request.now,
        leaseMs: request.leaseMs,
        limit: request.limit,
        skipUsers: request.busyKeys,
      }),
    keyOf: (job) => job.user_id,
    queuedBehind: (job) => jobQueuedBehind(store.db, job),
    async run(job, attempt): Promise<RunResult> {
      const result = await work(job, attempt);
      if (result === 'crash') throw new Error(`${job.id} crashed`);
      await completeJob(store.db, job, new Date(at));
      return result;
    },
  };
}

function queueOf(
  kind: TaskKind<OutboxJob>,
  options: { pollIntervalMs?: number; concurrency?: number } = {},
): Queue {
  return createQueue(kind, {
    concurrency: options.concurrency ?? 4,
    leaseMs: 30_000,
    pollIntervalMs: options.pollIntervalMs ?? 60_000,
    backoff: { firstMs: 1_000, maxMs: 60_000 },
    walScrubber: store.walScrubber,
    logger: pino({ level: 'silent' }),
    now: () => new Date(at),
    random: () => 1,
  });
}

describe('createQueue()', () => {
  it('runs one key’s jobs one at a time in the order queued, and other keys’ jobs beside them', async () => {
    await queueJob('ann-1', 'ann');
    await queueJob('ann-2', 'ann');
    await queueJob('ann-3', 'ann');
    await queueJob('bob-1', 'bob');
    const events: string[] = [];
    const bobStarted = deferred();
    const allDone = deferred();
    const queue = queueOf(
      outboxKind(async (job) => {
        events.push(`start ${job.id}`);
        if (job.id === 'bob-1') bobStarted.resolve();
        // Ann's first job ends only once Bob's has begun: the two keys must run side by side.
        if (job.id === 'ann-1') await bobStarted.promise;
        // A few turns of the event loop, in which a loop that ignored the key would claim Ann's next job.
        for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
        events.push(`end ${job.id}`);
        if (events.filter((event) => event.startsWith('end')).length === 4) allDone.resolve();
        return 'done';
      }),
    );
    queue.start();
    // Poll interval 60 s: each job that ends wakes the loop for the key's next one.
    await allDone.promise;
    await queue.stop();
    expect(events.filter((event) => event.includes('ann'))).toEqual([
      'start ann-1',
      'end ann-1',
      'start ann-2',
      'end ann-2',
      'start ann-3',
      'end ann-3',
    ]);
    expect(events.indexOf('start bob-1')).toBeLessThan(events.indexOf('end ann-1'));
    for (const id of ['ann-1', 'ann-2', 'ann-3', 'bob-1'])
      expect(await statusOf(id)).toEqual({ status: 'done', attempts: 1 });
  });

  it('never claims a key’s job again in this process while it still runs past its lease', async () => {
    await queueJob('ann-1', 'ann');
    await queueJob('bob-1', 'bob');
    const release = deferred();
    const bothStarted = deferred();
    const started: string[] = [];
    const queue = queueOf(
      outboxKind(async (job) => {
        started.push(job.id);
        if (started.length === 2) bothStarted.resolve();
        if (job.id === 'ann-1') await release.promise;
        return 'done';
      }),
    );
    const first = queue.runOnce();
    await bothStarted.promise;
    // Ann's lease has run out while her job still runs: the claim statement would hand it out again.
    at += 60_000;
    expect(await queue.runOnce()).toBe(0);
    release.resolve();
    expect(await first).toBe(2);
    expect(started.sort()).toEqual(['ann-1', 'bob-1']);
    expect(await statusOf('ann-1')).toEqual({ status: 'done', attempts: 1 });
  });

  it('leaves a crashed job to its lease: another instance takes it over when the lease runs out', async () => {
    await queueJob('ann-1', 'ann');
    await queueJob('ann-2', 'ann');
    const crashing = queueOf(outboxKind(async () => 'crash'));
    const waits: number[] = [];
    const taking = queueOf(
      outboxKind(async (_job, attempt) => {
        waits.push(attempt.backoffMs(), attempt.backoffMs(7_000));
        return 'done';
      }),
    );
    expect(await crashing.runOnce()).toBe(1);
    expect(await statusOf('ann-1')).toEqual({ status: 'running', attempts: 1 });
    // Neither instance takes the job, nor Ann's next one, while the crashed claim's lease lasts.
    at += 29_999;
    expect(await crashing.runOnce()).toBe(0);
    expect(await taking.runOnce()).toBe(0);
    at += 1;
    expect(await taking.runOnce()).toBe(1);
    expect(await statusOf('ann-1')).toEqual({ status: 'done', attempts: 2 });
    // The second attempt's backoff is twice the first wait; a service's own Retry-After is taken as given.
    expect(waits).toEqual([2_000, 7_000]);
    expect(await taking.runOnce()).toBe(1);
    expect(await statusOf('ann-2')).toEqual({ status: 'done', attempts: 1 });
  });

  it('looks at once when woken instead of waiting out the poll interval', async () => {
    const ran = deferred();
    const kind = outboxKind(async () => {
      ran.resolve();
      return 'done';
    });
    const lookedOnce = deferred();
    const claim = kind.claim;
    kind.claim = async (request) => {
      const jobs = await claim(request);
      lookedOnce.resolve();
      return jobs;
    };
    const queue = queueOf(kind);
    queue.start();
    await lookedOnce.promise;
    // The loop found nothing and sleeps for 60 s; only a wake makes it see the job in time.
    await queueJob('ann-1', 'ann');
    queue.wake();
    await ran.promise;
    await queue.stop();
    expect(await statusOf('ann-1')).toEqual({ status: 'done', attempts: 1 });
  });

  it('looks again at once when a pause ends while the round that passed its jobs over was under way', async () => {
    // The tenant is paused until 2,000. The round starts a moment before (a timer may fire a millisecond
    // early, or the round is slow): its claim passes the job over as held back, and by the time the round
    // is done the pause is over. The loop must not then sleep out the 60 s poll interval.
    await queueJob('ann-1', 'ann');
    const pauseEnd = 2_000;
    at = pauseEnd - 1;
    const ran = deferred();
    const kind = outboxKind(async () => {
      ran.resolve();
      return 'done';
    });
    const claim = kind.claim;
    kind.claim = async (request) => {
      if (request.now >= pauseEnd) return claim(request);
      at = pauseEnd + 5;
      return [];
    };
    kind.heldBackForMs = (asOf) => (asOf < pauseEnd ? pauseEnd - asOf : null);
    const queue = queueOf(kind);
    queue.start();
    await ran.promise;
    await queue.stop();
    expect(await statusOf('ann-1')).toEqual({ status: 'done', attempts: 1 });
  });

  it('looks again when a pause that a job met while the loop slept ends, not at the next poll', async () => {
    // The loop took Ann's job and went to sleep for the 60 s poll interval, nothing being held back then.
    // The job is throttled: the tenant is paused for 50 ms and the job waits for the pause's end.
    await queueJob('ann-1', 'ann');
    let pauseEnd: number | null = null;
    const ran = deferred();
    const kind = outboxKind(async () => 'done');
    const run = kind.run;
    kind.run = async (job, attempt) => {
      if (job.attempts > 1) {
        ran.resolve();
        return run(job, attempt);
      }
      // A few turns of the event loop, in which the loop, having claimed, chooses its sleep and sleeps.
      for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
      const end = at + 50;
      pauseEnd = end;
      await rescheduleJob(store.db, job, end, 'throttled', new Date(at));
      // The clock reaches the pause's end as a real clock would.
      setTimeout(() => {
        at = end;
      }, 50);
      return 'done';
    };
    kind.heldBackForMs = (asOf) => (pauseEnd !== null && asOf < pauseEnd ? pauseEnd - asOf : null);
    const queue = queueOf(kind);
    queue.start();
    await ran.promise;
    await queue.stop();
    expect(await statusOf('ann-1')).toEqual({ status: 'done', attempts: 2 });
  });

  it('claims once for a job with nothing behind it: neither what it took nor its end makes another round', async () => {
    await queueJob('ann-1', 'ann');
    const settled = deferred();
    const kind = outboxKind(async () => 'done');
    let rounds = 0;
    const claim = kind.claim;
    kind.claim = (request) => {
      rounds += 1;
      return claim(request);
    };
    const run = kind.run;
    kind.run = async (job, attempt) => {
      const result = await run(job, attempt);
      // The queue's own handling of the end (the look behind the job) comes after this: let it finish.
      setImmediate(settled.resolve);
      return result;
    };
    const queue = queueOf(kind);
    queue.start();
    await settled.promise;
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    await queue.stop();
    // Each round is a write transaction (BEGIN IMMEDIATE … COMMIT) on every password change.
    expect(rounds).toBe(1);
    expect(await statusOf('ann-1')).toEqual({ status: 'done', attempts: 1 });
  });

  it('stops only once a finished job’s look for jobs queued behind it has ended', async () => {
    await queueJob('ann-1', 'ann');
    const looking = deferred();
    const answer = deferred();
    let lookEnded = false;
    const kind = outboxKind(async () => 'done');
    kind.queuedBehind = async (job) => {
      looking.resolve();
      await answer.promise;
      const behind = await jobQueuedBehind(store.db, job);
      lookEnded = true;
      return behind;
    };
    const queue = queueOf(kind);
    queue.start();
    await looking.promise;
    let stopDone = false;
    const stopped = queue.stop().then(() => {
      stopDone = true;
    });
    // The loop's end and the WAL scrub take a few turns at most; the look is still waiting for its answer.
    for (let i = 0; i < 50; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(stopDone).toBe(false);
    answer.resolve();
    await stopped;
    // The store closes after stop(): the look must not still be running on it.
    expect(lookEnded).toBe(true);
  });

  it('stops cleanly and runs the next job when the look for jobs queued behind one throws', async () => {
    await queueJob('ann-1', 'ann');
    await queueJob('ann-2', 'ann');
    const ran: string[] = [];
    const bothRan = deferred();
    const kind = outboxKind(async (job) => {
      ran.push(job.id);
      if (ran.length === 2) bothRan.resolve();
      return 'done';
    });
    // Thrown, not rejected: a look that fails before it has a promise to give.
    kind.queuedBehind = () => {
      throw new Error('database gone');
    };
    const queue = queueOf(kind, { pollIntervalMs: 60_000 });
    queue.start();
    // The failed look counts as "something may wait": the loop claims again at once, not a poll later.
    await bothRan.promise;
    await expect(queue.stop()).resolves.toBeUndefined();
    expect(ran).toEqual(['ann-1', 'ann-2']);
    expect(await statusOf('ann-2')).toEqual({ status: 'done', attempts: 1 });
  });

  it('starts again while a stop is under way: that stop ends, and the queue runs on', async () => {
    const ran: string[] = [];
    const done = deferred();
    const queue = queueOf(
      outboxKind(async (job) => {
        ran.push(job.id);
        done.resolve();
        return 'done';
      }),
      { concurrency: 1 },
    );
    queue.start();
    const stopped = queue.stop();
    queue.start();
    await stopped;
    await queueJob('ann-1', 'ann');
    queue.wake();
    await done.promise;
    await queue.stop();
    expect(ran).toEqual(['ann-1']);
  });

  it('takes what a handed-on step queued in the same runOnce, counting only that', async () => {
    await queueJob('step', 'ann');
    const ran: string[] = [];
    const queue = queueOf(
      outboxKind(async (job) => {
        ran.push(job.id);
        if (job.id !== 'step') return 'done';
        await queueJob('follow-up', 'bob');
        return 'handed-on';
      }),
    );
    expect(await queue.runOnce()).toBe(1);
    expect(ran).toEqual(['step', 'follow-up']);
  });
});
