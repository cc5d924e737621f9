import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findOpenLink, issueLink } from '../accounts/link-tokens.js';
import { addUser } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { completeJob } from './finish-job.js';

const HOUR = 3_600_000;
let store: Store;
let ann: string;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-links-')), 'db.sqlite'));
  ann = await addUser(store.db, { email: 'ann@t.example', password: 'Harbour-Lantern-73!' }, new Date(0));
});
afterEach(() => store.close());

const link = (at: number) =>
  store.db.transaction().execute((trx) => issueLink(trx, ann, 'reset', at, HOUR, { replace: false }));

describe('completeJob() and the reset links of the user', () => {
  it('ends the links issued before the change was accepted, not those asked for while it was queued', async () => {
    const before = await link(5);
    // The change is accepted at 10 and queued for Microsoft 365 …
    await store.db.transaction().execute((trx) =>
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
          now: 10,
        },
        createSealer(randomBytes(32), 'outbox'),
      ),
    );
    // … the person asks for a reset link at 20 …
    const after = await link(20);
    // … and Microsoft 365 confirms the change at 30.
    const [job] = await claimJobs(store.db, { now: 25, leaseMs: 60_000, limit: 1 });
    if (job === undefined) throw new Error('no job to claim');
    expect(await completeJob(store.db, job, new Date(30))).toBe(true);
    expect(await findOpenLink(store.db, before.token, 'reset', 31)).toBeNull();
    expect((await findOpenLink(store.db, after.token, 'reset', 31))?.user.id).toBe(ann);
  });
});
