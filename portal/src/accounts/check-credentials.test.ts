import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../crypto/password-hasher.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import { completeJob } from '../sync/finish-job.js';
import { checkCredentials } from './check-credentials.js';
import { addUser } from './user-directory.js';

const EMAIL = 'ann@contoso.example';
const OLD = 'Harbour-Lantern-73!';
const NEW = 'Granite-Willow-58?';

let store: Store;
/** A second connection to the same file: the sync worker of the same (or another) portal process. */
let worker: Store;

beforeEach(async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'passgate-credentials-')), 'db.sqlite');
  store = await openStore(path);
  worker = await openStore(path);
});
afterEach(async () => {
  await store.close();
  await worker.close();
});

describe('checkCredentials()', () => {
  it('accepts a just-accepted password while Microsoft 365 confirms it, between the reads', async () => {
    const userId = await addUser(store.db, { email: EMAIL, password: OLD }, new Date(0));
    await store.db.transaction().execute((trx) =>
      enqueueSetPassword(
        trx,
        {
          jobId: 'job-1',
          userId,
          tenant: 'contoso',
          upn: EMAIL,
          password: NEW,
          passwordHash: '',
          correlationId: 'c',
          enableAccount: false,
          now: 1,
        },
        createSealer(randomBytes(32), 'outbox'),
      ),
    );
    await store.db
      .updateTable('pending_passwords')
      .set({ password_hash: await hashPassword(NEW) })
      .where('job_id', '=', 'job-1')
      .execute();
    const [job] = await claimJobs(worker.db, { now: 2, leaseMs: 60_000, limit: 1 });
    if (job === undefined) throw new Error('no job to claim');
    // The worker records Microsoft 365's answer right after the person's user row was read: the pending
    // hash becomes the current one and the pending row goes.
    let applied = false;
    const applyAfterFirstRead: KyselyPlugin = {
      transformQuery: (args) => args.node,
      async transformResult(args) {
        if (!applied) {
          applied = true;
          expect(await completeJob(worker.db, job, new Date(3))).toBe(true);
        }
        return args.result;
      },
    };
    const proven = await checkCredentials(store.db.withPlugin(applyAfterFirstRead), EMAIL, NEW);
    expect(applied).toBe(true);
    expect(proven?.user.id).toBe(userId);
    expect(await checkCredentials(store.db, EMAIL, NEW)).not.toBeNull();
    expect(await checkCredentials(store.db, EMAIL, OLD)).toBeNull();
  });
});
