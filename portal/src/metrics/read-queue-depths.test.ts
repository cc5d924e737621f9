import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { enqueueMail } from '../mail/enqueue-mail.js';
import { openStore, type Store } from '../store/open-store.js';
import { claimJobs } from '../store/port/claim-jobs.js';
import { claimMail } from '../store/port/claim-mail.js';
import { enqueueSetAccountEnabled } from '../sync/enqueue-set-account-enabled.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import { readQueueDepths } from './read-queue-depths.js';

const sealer = createSealer(randomBytes(32), 'outbox');
let store: Store;
beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-depths-')), 'db.sqlite'));
});
afterEach(() => store.close());

async function queuePassword(email: string, now: number): Promise<void> {
  const userId = await addUser(store.db, { email, password: 'Harbour-Lantern-73!' }, new Date(0));
  await store.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId: `job-${email}`,
        userId,
        tenant: 't',
        upn: email,
        password: 'Copper-Meadow-58?',
        passwordHash: 'hash',
        correlationId: 'c',
        enableAccount: false,
        now,
      },
      sealer,
    ),
  );
}

describe('readQueueDepths()', () => {
  it('reports every kind and open state, zero when empty', async () => {
    const depths = await readQueueDepths(store.db);
    expect(depths.outbox).toHaveLength(4);
    expect(depths.mail).toHaveLength(2);
    for (const { group } of [...depths.outbox, ...depths.mail])
      expect(group).toEqual({ count: 0, oldestCreatedAt: null });
  });

  it('counts waiting and claimed jobs and mails, with the oldest of each', async () => {
    await queuePassword('ann@t.example', 1_000);
    await queuePassword('bob@t.example', 2_000);
    await queuePassword('cat@t.example', 3_000);
    const dan = await addUser(
      store.db,
      { email: 'dan@t.example', password: 'Harbour-Lantern-73!' },
      new Date(0),
    );
    await store.db.transaction().execute((trx) =>
      enqueueSetAccountEnabled(trx, {
        jobId: 'disable-dan',
        userId: dan,
        tenant: 't',
        upn: 'dan@t.example',
        enabled: false,
        correlationId: 'c',
        now: 4_000,
      }),
    );
    // The oldest job is claimed: it leaves "queued" for "running".
    expect(await claimJobs(store.db, { now: 5_000, leaseMs: 60_000, limit: 1 })).toHaveLength(1);
    const mailSealer = createSealer(randomBytes(32), 'mail');
    for (const now of [6_000, 7_000]) {
      await store.db.transaction().execute((trx) =>
        enqueueMail(
          trx,
          {
            userId: null,
            kind: 'reset',
            to: 'ann@t.example',
            content: { subject: 's', text: 't', html: 'h' },
            now,
          },
          mailSealer,
        ),
      );
    }
    await claimMail(store.db, { now: 8_000, leaseMs: 60_000, limit: 1, withRequests: false });

    const depths = await readQueueDepths(store.db);
    const job = (kind: string, status: string) =>
      depths.outbox.find((row) => row.kind === kind && row.status === status)?.group;
    expect(job('set_password', 'running')).toEqual({ count: 1, oldestCreatedAt: 1_000 });
    expect(job('set_password', 'queued')).toEqual({ count: 2, oldestCreatedAt: 2_000 });
    expect(job('set_account_enabled', 'queued')).toEqual({ count: 1, oldestCreatedAt: 4_000 });
    expect(job('set_account_enabled', 'running')).toEqual({ count: 0, oldestCreatedAt: null });
    expect(depths.mail).toEqual([
      { status: 'queued', group: { count: 1, oldestCreatedAt: 7_000 } },
      { status: 'sending', group: { count: 1, oldestCreatedAt: 6_000 } },
    ]);
  });
});
