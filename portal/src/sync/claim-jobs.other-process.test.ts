import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KyselyPlugin, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { rescheduleJob } from './finish-job.js';

let portal: Store;
/** Another process on the same file, as the `passgate` CLI is while the portal's worker runs. */
let cli: Store;
let ann: string;

beforeEach(async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'passgate-claim-other-')), 'db.sqlite');
  portal = await openStore(path);
  cli = await openStore(path);
  // The CLI's write below runs on the test's only thread: it must not wait for a lock nobody can release.
  await sql`pragma busy_timeout = 0`.execute(cli.db);
  ann = await addUser(portal.db, { email: 'ann@t.example', password: 'Harbour-Lantern-73!' }, new Date(0));
  await portal.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId: 'job-1',
        userId: ann,
        tenant: 't',
        upn: 'ann@t.example',
        password: 'Granite-Willow-58?',
        passwordHash: 'hash',
        correlationId: 'c',
        enableAccount: false,
        now: 1,
      },
      createSealer(randomBytes(32), 'outbox'),
    ),
  );
});
afterEach(async () => {
  await portal.close();
  await cli.close();
});

/** After the worker's first statement, the CLI commits a write of its own; says how that went. */
function cliWritesInBetween(outcomes: string[]): KyselyPlugin {
  return {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      if (outcomes.length === 0) {
        try {
          await cli.db
            .insertInto('counters')
            .values({ key: 'acct:someone@t.example', count: 1, window_start: 0, locked_until: null })
            .execute();
          outcomes.push('the CLI wrote');
        } catch (error) {
          outcomes.push((error as { code?: string }).code ?? String(error));
        }
      }
      return args.result;
    },
  };
}

describe('the sync queue with another process writing the database', () => {
  it('claimJobs() holds the write lock from its first read: the other writer waits, the claim does not fail', async () => {
    const outcomes: string[] = [];
    const claimed = await claimJobs(portal.db.withPlugin(cliWritesInBetween(outcomes)), {
      now: 10,
      leaseMs: 1000,
      limit: 1,
    });
    expect(claimed.map((job) => job.id)).toEqual(['job-1']);
    expect(outcomes).toEqual(['SQLITE_BUSY']);
  });

  it('rescheduleJob() holds the write lock from its first read as well', async () => {
    const [job] = await claimJobs(portal.db, { now: 10, leaseMs: 1000, limit: 1 });
    if (job === undefined) throw new Error('no job to claim');
    const outcomes: string[] = [];
    const db = portal.db.withPlugin(cliWritesInBetween(outcomes));
    await expect(rescheduleJob(db, job, 5000, 'UNAVAILABLE: down', new Date(20))).resolves.toBe(
      'rescheduled',
    );
    expect(outcomes).toEqual(['SQLITE_BUSY']);
  });
});
