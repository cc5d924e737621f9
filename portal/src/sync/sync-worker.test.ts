import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallOptions, M365Client } from '@passgate/core/graph';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { createSyncWorker, type JobOutcome } from './sync-worker.js';

const sealer = createSealer(randomBytes(32), 'outbox');
let store: Store;

/** A Microsoft 365 that never answers: each call ends only when the caller's signal aborts it. */
function silentTenant(signals: (AbortSignal | undefined)[]): M365Client {
  const hang = (options?: CallOptions): Promise<never> => {
    signals.push(options?.signal);
    return new Promise((_, reject) => {
      options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
    });
  };
  return {
    getUser: (_id, options) => hang(options),
    setPassword: (_id, _password, options) => hang(options),
    setAccountEnabled: (_id, _enabled, options) => hang(options),
    revokeSessions: (_id, options) => hang(options),
    listUsers: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => hang() }),
    }),
    checkAccess: (options) => hang(options),
    close: async () => undefined,
  };
}

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-worker-')), 'db.sqlite'));
});
afterEach(() => store.close());

describe('createSyncWorker()', () => {
  it('gives up on a Graph call before the job lease runs out and queues the job again', async () => {
    const userId = await addUser(
      store.db,
      { email: 'ann@t.example', password: 'Harbour-Lantern-73!' },
      new Date(),
    );
    await store.db.transaction().execute((trx) =>
      enqueueSetPassword(
        trx,
        {
          jobId: 'j1',
          userId,
          tenant: 't',
          upn: 'ann@t.example',
          password: 'Copper-Meadow-58?',
          passwordHash: 'hash',
          correlationId: 'c',
          enableAccount: false,
          now: Date.now(),
        },
        sealer,
      ),
    );
    const signals: (AbortSignal | undefined)[] = [];
    const worker = createSyncWorker({
      db: store.db,
      clients: new Map([['t', silentTenant(signals)]]),
      sealer,
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      concurrency: 1,
      leaseMs: 1_000,
      pollIntervalMs: 50,
      maxBackoffMs: 60_000,
    });
    const outcomes: JobOutcome[] = [];
    worker.onOutcome((outcome) => outcomes.push(outcome));
    // Without a deadline this never returns: the call would outlive the lease, and another worker
    // could apply a newer password before this one's request finally lands.
    expect(await worker.runOnce()).toBe(1);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    // Still this claim's job when it gave up (not taken over): rescheduled, the password kept for the retry.
    expect(outcomes).toEqual([
      expect.objectContaining({ jobId: 'j1', status: 'retrying', code: 'UNAVAILABLE' }),
    ]);
    const row = await store.db
      .selectFrom('outbox_jobs')
      .selectAll()
      .where('id', '=', 'j1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 1, lease_until: null });
    expect(row.payload).not.toBeNull();
  });
});
