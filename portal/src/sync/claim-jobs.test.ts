import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { completeJob, failJob, rescheduleJob } from './finish-job.js';

const sealer = createSealer(randomBytes(32), 'outbox');
let store: Store;
let ann: string;
let bob: string;

async function queue(userId: string, upn: string, password: string, now: number): Promise<string> {
  const jobId = `job-${password}`;
  await store.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId,
        userId,
        tenant: 't',
        upn,
        password,
        passwordHash: `hash-${password}`,
        correlationId: 'c',
        enableAccount: false,
        now,
      },
      sealer,
    ),
  );
  return jobId;
}

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-claim-')), 'db.sqlite'));
  ann = await addUser(store.db, { email: 'ann@t.example', password: 'Harbour-Lantern-73!' }, new Date(0));
  bob = await addUser(store.db, { email: 'bob@t.example', password: 'Harbour-Lantern-73!' }, new Date(0));
});
afterEach(() => store.close());

describe('enqueueSetPassword()', () => {
  it('seals the password and supersedes the user’s older queued job', async () => {
    const first = await queue(ann, 'ann@t.example', 'one', 1);
    const second = await queue(ann, 'ann@t.example', 'two', 2);
    const jobs = await store.db.selectFrom('outbox_jobs').selectAll().orderBy('seq').execute();
    expect(jobs.map((j) => [j.id, j.seq, j.status, j.payload === null])).toEqual([
      [first, 1, 'superseded', true],
      [second, 2, 'queued', false],
    ]);
    expect(Buffer.from(jobs[1]?.payload ?? []).includes(Buffer.from('two'))).toBe(false);
    const pending = await store.db.selectFrom('pending_passwords').select('job_id').execute();
    expect(pending).toEqual([{ job_id: second }]);
  });
});

describe('claimJobs()', () => {
  it('claims one job per user, only each user’s oldest open job', async () => {
    const annOne = await queue(ann, 'ann@t.example', 'one', 1);
    await queue(bob, 'bob@t.example', 'b1', 1);
    const claimed = await claimJobs(store.db, { now: 10, leaseMs: 1000, limit: 10 });
    expect(claimed.map((j) => j.upn).sort()).toEqual(['ann@t.example', 'bob@t.example']);
    // Ann's newer job waits behind the running one (it cannot supersede a job in flight).
    await queue(ann, 'ann@t.example', 'two', 11);
    expect(await claimJobs(store.db, { now: 12, leaseMs: 1000, limit: 10 })).toEqual([]);
    const running = claimed.find((j) => j.id === annOne);
    if (running === undefined) throw new Error('ann’s job was not claimed');
    expect(await completeJob(store.db, running, new Date(20))).toBe(true);
    const next = await claimJobs(store.db, { now: 21, leaseMs: 1000, limit: 10 });
    expect(next.map((j) => j.id)).toEqual(['job-two']);
  });

  it('makes a job claimable again when its lease runs out, and only the new claim may finish it', async () => {
    await queue(ann, 'ann@t.example', 'one', 1);
    const [stale] = await claimJobs(store.db, { now: 10, leaseMs: 1000, limit: 10 });
    expect(await claimJobs(store.db, { now: 500, leaseMs: 1000, limit: 10 })).toEqual([]);
    const [fresh] = await claimJobs(store.db, { now: 1010, leaseMs: 1000, limit: 10 });
    if (stale === undefined || fresh === undefined) throw new Error('expected two claims');
    expect(fresh.attempts).toBe(2);
    expect(await completeJob(store.db, stale, new Date(1020))).toBe(false);
    expect(await completeJob(store.db, fresh, new Date(1030))).toBe(true);
  });

  it('leaves out throttled tenants and jobs not yet due', async () => {
    await queue(ann, 'ann@t.example', 'one', 100);
    expect(await claimJobs(store.db, { now: 50, leaseMs: 1000, limit: 10 })).toEqual([]);
    expect(await claimJobs(store.db, { now: 150, leaseMs: 1000, limit: 10, skipTenants: ['t'] })).toEqual([]);
    expect(await claimJobs(store.db, { now: 150, leaseMs: 1000, limit: 10 })).toHaveLength(1);
  });
});

describe('completeJob()', () => {
  it('makes the pending hash current, keeps the old one in history and wipes the payload', async () => {
    await queue(ann, 'ann@t.example', 'one', 1);
    const [job] = await claimJobs(store.db, { now: 10, leaseMs: 1000, limit: 1 });
    if (job === undefined) throw new Error('no job');
    const before = await store.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', ann)
      .executeTakeFirstOrThrow();
    await completeJob(store.db, job, new Date(20));
    const user = await store.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', ann)
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toBe('hash-one');
    expect(user.last_synced_at).toBe(20);
    const history = await store.db
      .selectFrom('password_history')
      .select('password_hash')
      .where('user_id', '=', ann)
      .execute();
    expect(history).toEqual([{ password_hash: before.password_hash }]);
    const row = await store.db
      .selectFrom('outbox_jobs')
      .select(['status', 'payload'])
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'done', payload: null });
    const events = await store.db
      .selectFrom('audit_events')
      .select('event_type')
      .where('user_id', '=', ann)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.event_type)).toEqual([
      'user_create',
      'user_update_provision',
      'user_password_change',
    ]);
  });
});

describe('failJob()', () => {
  it('discards the pending password and keeps the current one', async () => {
    await queue(ann, 'ann@t.example', 'one', 1);
    const [job] = await claimJobs(store.db, { now: 10, leaseMs: 1000, limit: 1 });
    if (job === undefined) throw new Error('no job');
    const before = await store.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', ann)
      .executeTakeFirstOrThrow();
    await failJob(
      store.db,
      job,
      { code: 'PASSWORD_REJECTED', message: 'complexity', refusal: 'PASSWORD_REJECTED_BY_MICROSOFT' },
      new Date(20),
    );
    const after = await store.db
      .selectFrom('users')
      .select(['password_hash', 'last_sync_error'])
      .where('id', '=', ann)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({
      password_hash: before.password_hash,
      last_sync_error: 'PASSWORD_REJECTED: complexity',
    });
    expect(await store.db.selectFrom('pending_passwords').selectAll().execute()).toEqual([]);
    expect(
      await store.db.selectFrom('outbox_jobs').select(['status', 'payload']).executeTakeFirstOrThrow(),
    ).toEqual({ status: 'failed', payload: null });
  });
});

describe('rescheduleJob()', () => {
  it('requeues for later, or supersedes when a newer change is waiting', async () => {
    await queue(ann, 'ann@t.example', 'one', 1);
    const [job] = await claimJobs(store.db, { now: 10, leaseMs: 1000, limit: 1 });
    if (job === undefined) throw new Error('no job');
    expect(await rescheduleJob(store.db, job, 5000, 'THROTTLED: wait', new Date(20))).toBe('rescheduled');
    expect(await claimJobs(store.db, { now: 4999, leaseMs: 1000, limit: 1 })).toEqual([]);
    const [again] = await claimJobs(store.db, { now: 5000, leaseMs: 1000, limit: 1 });
    if (again === undefined) throw new Error('not claimable when due');
    await queue(ann, 'ann@t.example', 'two', 5001);
    expect(await rescheduleJob(store.db, again, 9000, 'UNAVAILABLE: down', new Date(5002))).toBe(
      'superseded',
    );
    const [next] = await claimJobs(store.db, { now: 5003, leaseMs: 1000, limit: 1 });
    expect(next?.id).toBe('job-two');
  });
});
