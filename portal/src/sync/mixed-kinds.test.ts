import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { enqueueSetAccountEnabled } from './enqueue-set-account-enabled.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { rescheduleJob } from './finish-job.js';

const sealer = createSealer(randomBytes(32), 'outbox');
let store: Store;
let ann: string;

function password(name: string, now: number, enableAccount = false): Promise<unknown> {
  return store.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId: name,
        userId: ann,
        tenant: 't',
        upn: 'ann@t.example',
        password: `pw-${name}`,
        passwordHash: `hash-${name}`,
        correlationId: 'c',
        enableAccount,
        now,
      },
      sealer,
    ),
  );
}

function enabled(name: string, value: boolean, now: number): Promise<void> {
  return store.db.transaction().execute((trx) =>
    enqueueSetAccountEnabled(trx, {
      jobId: name,
      userId: ann,
      tenant: 't',
      upn: 'ann@t.example',
      enabled: value,
      correlationId: 'c',
      now,
    }),
  );
}

async function jobs(): Promise<[string, string, string, number][]> {
  const rows = await store.db.selectFrom('outbox_jobs').selectAll().orderBy('seq').execute();
  return rows.map((j) => [j.id, j.kind, j.status, j.enable_account]);
}

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-mixed-')), 'db.sqlite'));
  ann = await addUser(store.db, { email: 'ann@t.example', password: 'Harbour-Lantern-73!' }, new Date(0));
});
afterEach(() => store.close());

describe('the outbox with password and enable/disable jobs', () => {
  it('never supersedes a password with a disable queued after it, and keeps the order', async () => {
    await password('p1', 1);
    await enabled('off', false, 2);
    await password('p2', 3);
    expect(await jobs()).toEqual([
      ['p1', 'set_password', 'queued', 0],
      ['off', 'set_account_enabled', 'queued', 0],
      ['p2', 'set_password', 'queued', 0],
    ]);
    // Strictly in order: p1 first, then the disable, then p2.
    const order: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const [job] = await claimJobs(store.db, { now: 10, leaseMs: 1000, limit: 5 });
      if (job === undefined) throw new Error('nothing claimed');
      order.push(job.id);
      await store.db.updateTable('outbox_jobs').set({ status: 'done' }).where('id', '=', job.id).execute();
    }
    expect(order).toEqual(['p1', 'off', 'p2']);
  });

  it('supersedes an older password queued after the last disable, carrying its account re-enable over', async () => {
    await enabled('off', false, 1);
    await password('p1', 2, true);
    await password('p2', 3);
    expect(await jobs()).toEqual([
      ['off', 'set_account_enabled', 'queued', 0],
      ['p1', 'set_password', 'superseded', 1],
      ['p2', 'set_password', 'queued', 1],
    ]);
  });

  it('does not supersede a retried password when an enable/disable waits behind it', async () => {
    await password('p1', 1);
    const [running] = await claimJobs(store.db, { now: 1, leaseMs: 1000, limit: 1 });
    if (running === undefined) throw new Error('nothing claimed');
    await enabled('off', false, 2);
    await password('p2', 3);
    expect(await rescheduleJob(store.db, running, 100, 'UNAVAILABLE', new Date(4))).toBe('rescheduled');
    expect((await jobs()).map(([id, , status]) => [id, status])).toEqual([
      ['p1', 'queued'],
      ['off', 'queued'],
      ['p2', 'queued'],
    ]);
  });

  it("carries a superseded running job's re-enable and session revoke over to the newer password", async () => {
    // A reset (re-enable + revoke) is in flight when the person makes a quick second change: the second
    // job is queued while the first runs, so it cannot inherit the flags when it is made.
    await password('reset', 1, true);
    await store.db.updateTable('outbox_jobs').set({ revoke_sessions: 1 }).where('id', '=', 'reset').execute();
    const [running] = await claimJobs(store.db, { now: 1, leaseMs: 1000, limit: 1 });
    if (running === undefined) throw new Error('nothing claimed');
    await password('change', 2);
    expect(await rescheduleJob(store.db, running, 100, 'UNAVAILABLE', new Date(3))).toBe('superseded');
    const change = await store.db
      .selectFrom('outbox_jobs')
      .select(['status', 'enable_account', 'revoke_sessions'])
      .where('id', '=', 'change')
      .executeTakeFirstOrThrow();
    expect(change).toEqual({ status: 'queued', enable_account: 1, revoke_sessions: 1 });
  });
});
