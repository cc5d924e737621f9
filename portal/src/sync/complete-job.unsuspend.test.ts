import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expireUser, suspendUser, unsuspendUser } from '../accounts/admin-actions.js';
import { addUser } from '../accounts/user-directory.js';
import { parseConfig } from '../config/parse-config.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from './claim-jobs.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { completeJob } from './finish-job.js';

const ADMIN = { type: 'admin' as const, id: 'cli' };
const config = parseConfig(
  {
    publicUrl: 'https://p.example.com',
    secretKey: randomBytes(32).toString('hex'),
    tenants: [
      {
        name: 't',
        domains: ['p.example'],
        graph: {
          tenantId: '11111111-2222-4333-8444-555555555555',
          clientId: '66666666-7777-4888-8999-aaaaaaaaaaaa',
          clientSecret: 'secret',
        },
      },
    ],
  },
  {},
);
let store: Store;

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-unsuspend-')), 'db.sqlite'));
});
afterEach(() => store.close());

async function applyNext(now: number): Promise<void> {
  const [job] = await claimJobs(store.db, { now, leaseMs: 60_000, limit: 1 });
  if (job === undefined) throw new Error('no job to claim');
  expect(await completeJob(store.db, job, new Date(now))).toBe(true);
}

describe('completeJob() for a way back in that lands after a suspension was lifted', () => {
  it('queues an enable behind the suspension’s disable, so Microsoft 365 ends where the portal is', async () => {
    const deps = { db: store.db, config, mailSealer: createSealer(config.secretKey, 'mail') };
    const ann = await addUser(
      store.db,
      { email: 'ann@p.example', password: 'Harbour-Lantern-73!' },
      new Date(0),
    );
    await expireUser(deps, 'ann@p.example', new Date(1), ADMIN);
    // Ann uses a reset link: her new password and accountEnabled: true wait for Microsoft 365 (an outage).
    await store.db.transaction().execute((trx) =>
      enqueueSetPassword(
        trx,
        {
          jobId: 'reset',
          userId: ann,
          tenant: 't',
          upn: 'ann@p.example',
          password: 'Granite-Willow-58?',
          passwordHash: 'hash',
          correlationId: 'c',
          enableAccount: true,
          now: 2,
        },
        createSealer(randomBytes(32), 'outbox'),
      ),
    );
    // Meanwhile the desk suspends her and lifts it: she was (still) expired, so no enable is queued.
    await suspendUser(deps, 'ann@p.example', new Date(3), ADMIN);
    expect(await unsuspendUser(deps, 'ann@p.example', new Date(4), ADMIN)).toBe('expired');
    await applyNext(5); // the expiry's disable
    await applyNext(6); // the reset: Ann is active from now on

    const user = await store.db.selectFrom('users').select('status').executeTakeFirstOrThrow();
    expect(user.status).toBe('active');
    const jobs = await store.db
      .selectFrom('outbox_jobs')
      .select(['kind', 'enable_account', 'status'])
      .orderBy('seq')
      .execute();
    expect(jobs).toEqual([
      { kind: 'set_account_enabled', enable_account: 0, status: 'done' },
      { kind: 'set_password', enable_account: 1, status: 'done' },
      { kind: 'set_account_enabled', enable_account: 0, status: 'queued' },
      { kind: 'set_account_enabled', enable_account: 1, status: 'queued' },
    ]);
  });
});
