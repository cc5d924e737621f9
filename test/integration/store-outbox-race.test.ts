import { randomBytes } from 'node:crypto';
import {
  addUser,
  claimJobs,
  claimJobToEnd,
  completeJob,
  createSealer,
  enqueueSetPassword,
  failJob,
  lockCredential,
  openStore,
  rescheduleJob,
  type Store,
} from '@passgate/portal';
import { type KyselyPlugin, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresDatabase, testDialects } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

// A user's outbox under two instances on one PostgreSQL database, with the other instance's step
// placed between two statements of a transaction (a Kysely plugin runs it after the nth statement).
// SQLite's single writer cannot interleave them: there the transactions simply run one after the other.

const sealer = createSealer(randomBytes(32), 'outbox');

/** A plugin that runs `step` once, right after the `nth` statement executed through it. */
function after(nth: number, step: () => Promise<void>): KyselyPlugin {
  let seen = 0;
  return {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      seen += 1;
      if (seen === nth) await step();
      return args.result;
    },
  };
}

function passwordJob(userId: string, jobId: string, now: number, flags: { reset?: boolean } = {}) {
  return {
    jobId,
    userId,
    tenant: 't',
    upn: `${userId}@t.example`,
    password: `Password-of-${jobId}-7!`,
    passwordHash: `hash-of-${jobId}`,
    correlationId: jobId,
    enableAccount: flags.reset === true,
    revokeSessions: flags.reset === true,
    now,
  };
}

/** A change accepted as acceptPassword does it: the user's row locked, then the job queued. */
function acceptChange(db: Store['db'], userId: string, jobId: string, now: number) {
  return db.transaction().execute(async (trx) => {
    await lockCredential(trx, userId);
    await enqueueSetPassword(trx, passwordJob(userId, jobId, now), sealer);
  });
}

describe.runIf(testDialects().includes('postgres'))(
  'a user’s outbox across two instances (PostgreSQL)',
  () => {
    let web: Store;
    let worker: Store;
    // A database of its own for each test: one test's leftover jobs must not be another's claims.
    beforeEach(async () => {
      const url = await createPostgresDatabase('outbox_race');
      web = await openStore(url);
      worker = await openStore(url, { migrate: false });
    });
    afterEach(async () => {
      await web?.close();
      await worker?.close();
    });

    const jobs = (userId: string) =>
      web.db
        .selectFrom('outbox_jobs')
        .select(['id', 'status', 'enable_account', 'revoke_sessions'])
        .where('user_id', '=', userId)
        .orderBy('seq')
        .execute();

    it('never supersedes a job another instance claimed while the new change was being queued', async () => {
      const ann = await addUser(web.db, { email: 'ann@outbox.example', password: null }, new Date(0));
      await acceptChange(web.db, ann, 'ann-1', 1_000);
      let claimed: string[] = [];
      // The worker instance claims ann-1 after the change's transaction has read the user's queue.
      await web.db.transaction().execute(async (trx) => {
        await lockCredential(trx, ann);
        const claimMeanwhile = after(2, async () => {
          claimed = (await claimJobs(worker.db, { now: 2_000, leaseMs: 60_000, limit: 10 })).map((j) => j.id);
        });
        await enqueueSetPassword(trx.withPlugin(claimMeanwhile), passwordJob(ann, 'ann-2', 2_000), sealer);
      });
      expect(claimed).toEqual(['ann-1']);
      // ann-1 is on its way to Microsoft 365: ann-2 waits behind it, or it could land first and be overwritten.
      expect((await jobs(ann)).map((j) => [j.id, j.status])).toEqual([
        ['ann-1', 'running'],
        ['ann-2', 'queued'],
      ]);
      expect(await claimJobs(worker.db, { now: 2_100, leaseMs: 60_000, limit: 10 })).toEqual([]);
      const [running] = await worker.db
        .selectFrom('outbox_jobs')
        .selectAll()
        .where('id', '=', 'ann-1')
        .execute();
      if (running === undefined) throw new Error('ann-1 is gone');
      expect(await completeJob(worker.db, running, new Date(3_000))).toBe(true);
      expect(
        (await claimJobs(worker.db, { now: 3_100, leaseMs: 60_000, limit: 10 })).map((j) => j.id),
      ).toEqual(['ann-2']);
    });

    it('carries a reset’s session revoke and re-enable to the password finally sent, when a change comes in as the reset is retried', async () => {
      const bob = await addUser(web.db, { email: 'bob@outbox.example', password: null }, new Date(0));
      await web.db
        .transaction()
        .execute((trx) =>
          enqueueSetPassword(trx, passwordJob(bob, 'bob-reset', 10_000, { reset: true }), sealer),
        );
      const [reset] = await claimJobs(worker.db, { now: 10_001, leaseMs: 60_000, limit: 10 });
      expect(reset?.id).toBe('bob-reset');
      if (reset === undefined) return;
      await acceptChange(web.db, bob, 'bob-2', 10_002);
      // Microsoft 365 answered 503: the worker reschedules the reset, which bob-2 supersedes. Right after
      // it read bob-2 as the newer password, the web instance accepts bob-3 (which supersedes bob-2).
      let third: Promise<void> = Promise.resolve();
      const changeMeanwhile = after(2, async () => {
        third = acceptChange(web.db, bob, 'bob-3', 10_003);
        // Either bob-3 is queued, or it waits for the worker's transaction (the user's row lock).
        await waitUntil(
          async () => (await jobs(bob)).some((j) => j.id === 'bob-3') || (await waitingOnLock(web.db)),
        );
      });
      expect(
        await rescheduleJob(
          worker.db.withPlugin(changeMeanwhile),
          reset,
          20_000,
          'UNAVAILABLE: 503',
          new Date(10_004),
        ),
      ).toBe('superseded');
      await third;
      expect((await jobs(bob)).filter((j) => j.status === 'queued')).toEqual([
        { id: 'bob-3', status: 'queued', enable_account: 1, revoke_sessions: 1 },
      ]);
    });

    // A reset carries flags over; a plain change does not, and was superseded all the same before.
    it.each([
      { first: 'a reset', reset: true },
      { first: 'a plain change', reset: false },
    ])(
      'retries $first itself when the service desk gives up on the change that would have superseded it',
      async ({ reset: isReset }) => {
        const bob = await addUser(web.db, { email: 'bob@outbox.example', password: null }, new Date(0));
        await web.db
          .transaction()
          .execute((trx) =>
            enqueueSetPassword(trx, passwordJob(bob, 'bob-reset', 10_000, { reset: isReset }), sealer),
          );
        const [reset] = await claimJobs(worker.db, { now: 10_001, leaseMs: 60_000, limit: 10 });
        if (reset?.id !== 'bob-reset') throw new Error('the reset was not claimed');
        await acceptChange(web.db, bob, 'bob-2', 10_002);
        // Microsoft 365 answered 503: right after the worker read bob-2 as the newer password, the service
        // desk gives up on bob-2 in the console (it takes the job, then ends it).
        let givenUp: Promise<boolean> = Promise.resolve(false);
        const consoleGivesUp = after(2, async () => {
          const taken = await claimJobToEnd(web.db, 'bob-2', 10_003, 60_000);
          if (taken === null) throw new Error('bob-2 was not taken');
          const reason = {
            code: 'GAVE_UP',
            message: 'an admin gave up',
            refusal: 'MICROSOFT_REFUSED_UPDATE',
          };
          givenUp = failJob(web.db, taken, reason, new Date(10_003));
          let settled = false;
          void givenUp.finally(() => {
            settled = true;
          });
          // Either it has ended bob-2, or it waits for the worker's transaction (the user's row lock).
          await waitUntil(async () => settled || (await waitingOnLock(web.db)));
        });
        // Before, the two took their locks in opposite orders: PostgreSQL failed one with a deadlock.
        expect(
          await rescheduleJob(
            worker.db.withPlugin(consoleGivesUp),
            reset,
            20_000,
            'UNAVAILABLE: 503',
            new Date(10_004),
          ),
        ).toBe('rescheduled');
        expect(await givenUp).toBe(true);
        // bob-2 will never be sent, so the reset is not superseded by it: it is retried, flags and all.
        expect(await jobs(bob)).toEqual([
          {
            id: 'bob-reset',
            status: 'queued',
            enable_account: Number(isReset),
            revoke_sessions: Number(isReset),
          },
          { id: 'bob-2', status: 'failed', enable_account: 0, revoke_sessions: 0 },
        ]);
      },
    );
  },
);

/** Whether some session of this database waits for a row lock. */
async function waitingOnLock(db: Store['db']): Promise<boolean> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
  return Number(rows[0]?.n ?? 0) > 0;
}
