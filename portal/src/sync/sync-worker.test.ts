import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallOptions, type M365Client, M365Error } from '@passgate/core/graph';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import { createSealer } from '../crypto/sealer.js';
import { openStore, type Store } from '../store/open-store.js';
import { enqueueSetAccountEnabled } from './enqueue-set-account-enabled.js';
import { enqueueSetPassword } from './enqueue-set-password.js';
import { createSyncWorker, type JobOutcome, type SyncWorkerOptions } from './sync-worker.js';

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
    listAllUsers: () => ({
      [Symbol.asyncIterator]: () => ({ next: () => hang() }),
    }),
    listPasswordChangeTimes: () => ({ [Symbol.asyncIterator]: () => ({ next: () => hang() }) }),
    listDirectoryAudits: () => ({ [Symbol.asyncIterator]: () => ({ next: () => hang() }) }),
    checkAccess: (options) => hang(options),
    readAccessClaims: () => hang(),
    getOrganizationId: () => hang(),
    getDomain: (_name, options) => hang(options),
    getBranding: (_organizationId, options) => hang(options),
    setAccountResetUrl: (_organizationId, _url, options) => hang(options),
    getPasswordPolicies: (_users, options) => hang(options),
    setPasswordPolicies: (_updates, options) => hang(options),
    close: async () => undefined,
  };
}

/** A Microsoft 365 that takes every call at once. */
function willingTenant(): M365Client {
  const silent = silentTenant([]);
  return {
    ...silent,
    setPassword: async () => undefined,
    setAccountEnabled: async () => undefined,
    revokeSessions: async () => undefined,
  };
}

/** A worker for tenant 't' on `on`, as the portal starts it unless `options` say otherwise. */
function workerFor(client: M365Client, options: Partial<SyncWorkerOptions> = {}, on: Store = store) {
  return createSyncWorker({
    db: on.db,
    clients: new Map([['t', client]]),
    sealer,
    walScrubber: on.walScrubber,
    logger: pino({ level: 'silent' }),
    now: () => new Date(),
    concurrency: 1,
    leaseMs: 30_000,
    pollIntervalMs: 50,
    maxBackoffMs: 60_000,
    ...options,
  });
}

/** Queues a password change for a new user and returns the sealed bytes as stored. */
async function queuePassword(jobId: string, password: string, reset = false): Promise<Buffer> {
  const userId = await addUser(
    store.db,
    { email: `${jobId}@t.example`, password: 'Harbour-Lantern-73!' },
    new Date(),
  );
  await store.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId,
        userId,
        tenant: 't',
        upn: `${jobId}@t.example`,
        password,
        passwordHash: 'hash',
        correlationId: 'c',
        // A reset's: the account is unblocked and Microsoft 365's sessions end with this password.
        enableAccount: reset,
        revokeSessions: reset,
        now: Date.now(),
      },
      sealer,
    ),
  );
  const row = await store.db
    .selectFrom('outbox_jobs')
    .select('payload')
    .where('id', '=', jobId)
    .executeTakeFirstOrThrow();
  if (row.payload === null) throw new Error('no payload queued');
  return Buffer.from(row.payload);
}

/** A newer password `jobId` for the person of job `behind` (queued by queuePassword), queued after it. */
async function queueNewerPassword(behind: string, jobId: string, password: string): Promise<void> {
  const { user_id: userId } = await store.db
    .selectFrom('outbox_jobs')
    .select('user_id')
    .where('id', '=', behind)
    .executeTakeFirstOrThrow();
  await store.db.transaction().execute((trx) =>
    enqueueSetPassword(
      trx,
      {
        jobId,
        userId,
        tenant: 't',
        upn: `${behind}@t.example`,
        password,
        passwordHash: `hash-of-${jobId}`,
        correlationId: jobId,
        enableAccount: false,
        now: Date.now(),
      },
      sealer,
    ),
  );
}

/**
 * Which of the database's three files still hold any part of `sealed` (whole, its nonce, its
 * ciphertext or its tag: each is random, so a match is a leftover) or the plaintext.
 */
async function filesHolding(sealed: Buffer, plaintext: string): Promise<string[]> {
  const needles = [
    sealed,
    sealed.subarray(1, 13),
    sealed.subarray(13, sealed.length - 16),
    sealed.subarray(sealed.length - 16),
    Buffer.from(plaintext, 'utf8'),
  ];
  const found: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const bytes = await readFile(`${store.path}${suffix}`).catch(() => Buffer.alloc(0));
    if (needles.some((needle) => bytes.includes(needle))) found.push(`db.sqlite${suffix}`);
  }
  return found;
}

beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-worker-')), 'db.sqlite'));
});
afterEach(() => store.close());

/**
 * A worker on `client` past every hold takes job `jobId` up again (its second attempt); right then, before
 * that attempt sends, another instance takes it up too (its lease ran out): the row moves to a third
 * attempt. What the worker reported.
 */
async function takenOverOnItsSecondAttempt(jobId: string, client: M365Client): Promise<JobOutcome[]> {
  const other = new SQLite(store.path);
  const later = (): Date => {
    const row = other
      .prepare("SELECT attempts FROM outbox_jobs WHERE id = ? AND status = 'running'")
      .get(jobId) as { attempts: number } | undefined;
    if (row?.attempts === 2) other.prepare('UPDATE outbox_jobs SET attempts = 3 WHERE id = ?').run(jobId);
    return new Date(Date.now() + 3_600_000);
  };
  const worker = workerFor(client, { now: later });
  const outcomes: JobOutcome[] = [];
  worker.onOutcome((outcome) => outcomes.push(outcome));
  try {
    expect(await worker.runOnce()).toBe(1);
  } finally {
    other.close();
  }
  return outcomes;
}

describe('createSyncWorker()', () => {
  it('gives up on a Graph call before the job lease runs out and holds the job for a lease, in case it lands late', async () => {
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
    const worker = workerFor(silentTenant(signals), {
      leaseMs: 1_000,
    });
    const outcomes: JobOutcome[] = [];
    worker.onOutcome((outcome) => outcomes.push(outcome));
    // Without a deadline this never returns: the call would outlive the lease, and another worker
    // could apply a newer password before this one's request finally lands.
    const claimedFrom = Date.now();
    expect(await worker.runOnce()).toBe(1);
    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
    // Still this claim's job when it gave up (not taken over). The call got no answer, so Microsoft may
    // still apply it: the job keeps its claim for one more lease (nothing of the user's runs before it),
    // the password kept for the retry.
    expect(outcomes).toEqual([
      expect.objectContaining({ jobId: 'j1', status: 'retrying', code: 'UNAVAILABLE' }),
    ]);
    const row = await store.db
      .selectFrom('outbox_jobs')
      .selectAll()
      .where('id', '=', 'j1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'running', attempts: 1 });
    // Given up at the deadline (800 ms into the 1 s lease), then held one whole lease from there.
    expect(row.lease_until).toBeGreaterThanOrEqual(claimedFrom + 1_800);
    expect(row.last_error).toMatch(/^UNAVAILABLE: .*held until/);
    expect(row.payload).not.toBeNull();
  });

  it('keeps a job held after an unanswered call through a restart: another worker neither sends it nor a newer one', async () => {
    await queuePassword('j1', 'Copper-Meadow-58?');
    const held = workerFor(silentTenant([]), {
      leaseMs: 1_000,
    });
    expect(await held.runOnce()).toBe(1);
    await held.stop();
    await queueNewerPassword('j1', 'j2', 'Velvet-Orchard-91#');
    // A fresh worker (a restarted process) with a Microsoft 365 that answers at once: the hold is in
    // the database, so nothing of this user is sent while it lasts.
    const sent: string[] = [];
    const next = workerFor({
      ...willingTenant(),
      setPassword: async (_upn, password) => void sent.push(password),
    });
    expect(await next.runOnce()).toBe(0);
    expect(sent).toEqual([]);
    const rows = await store.db.selectFrom('outbox_jobs').select(['id', 'status']).orderBy('seq').execute();
    expect(rows).toEqual([
      { id: 'j1', status: 'running' },
      { id: 'j2', status: 'queued' },
    ]);
  });

  for (const newer of [false, true]) {
    it(`sends nothing from an attempt whose job another attempt took up meanwhile${newer ? ', a newer password waiting behind it' : ''}`, async () => {
      await queuePassword('j1', 'Copper-Meadow-58?', true);
      const held = workerFor(silentTenant([]), { leaseMs: 1_000 });
      expect(await held.runOnce()).toBe(1);
      await held.stop();
      if (newer) await queueNewerPassword('j1', 'j2', 'Velvet-Orchard-91#');
      const sent: string[] = [];
      const outcomes = await takenOverOnItsSecondAttempt('j1', {
        ...willingTenant(),
        setPassword: async (_upn, password) => void sent.push(password),
      });
      // The other attempt owns j1 now: this one neither sent it nor ended it for a newer password (had it,
      // j1's reset would have been carried over to j2, and a retry of j1 would carry it again).
      expect(sent).toEqual([]);
      expect(outcomes).toEqual([]);
      const rows = await store.db
        .selectFrom('outbox_jobs')
        .select(['id', 'status', 'attempts', 'enable_account', 'revoke_sessions'])
        .orderBy('seq')
        .execute();
      expect(rows).toEqual([
        { id: 'j1', status: 'running', attempts: 3, enable_account: 1, revoke_sessions: 1 },
        ...(newer
          ? [{ id: 'j2', status: 'queued', attempts: 0, enable_account: 0, revoke_sessions: 0 }]
          : []),
      ]);
    });
  }

  it('sends no sign-in state from an attempt whose job another attempt took up meanwhile', async () => {
    const userId = await addUser(store.db, { email: 'e1@t.example', password: null }, new Date());
    await store.db.transaction().execute((trx) =>
      enqueueSetAccountEnabled(trx, {
        jobId: 'e1',
        userId,
        tenant: 't',
        upn: 'e1@t.example',
        enabled: true,
        correlationId: 'c',
        now: Date.now(),
      }),
    );
    const held = workerFor(silentTenant([]), { leaseMs: 1_000 });
    expect(await held.runOnce()).toBe(1);
    await held.stop();
    // An unsuspend's "enable", sent late by a lost attempt, could land after the disable of a suspension
    // that followed what the other attempt sent: sign-in open for a person the portal shows suspended.
    const sent: boolean[] = [];
    const outcomes = await takenOverOnItsSecondAttempt('e1', {
      ...willingTenant(),
      setAccountEnabled: async (_upn, enabled) => void sent.push(enabled),
    });
    expect(sent).toEqual([]);
    expect(outcomes).toEqual([]);
  });

  it('reports every settled job, and each second a throttled tenant is paused only once', async () => {
    await queuePassword('j1', 'Copper-Meadow-58?');
    await queuePassword('j2', 'Velvet-Orchard-91#');
    const throttled: M365Client = {
      ...willingTenant(),
      setPassword: async () => {
        throw new M365Error('THROTTLED', 'too many requests', { retryAfterMs: 10_000 });
      },
    };
    const at = new Date();
    const settled: JobOutcome[] = [];
    const paused: [string, string, number][] = [];
    const worker = workerFor(throttled, {
      now: () => at,
      concurrency: 2,
      metrics: {
        jobSettled: (outcome) => settled.push(outcome),
        tenantPaused: (tenant, code, seconds) => paused.push([tenant, code, seconds]),
      },
    });
    expect(await worker.runOnce()).toBe(2);
    expect(settled).toEqual([
      expect.objectContaining({ status: 'retrying', code: 'THROTTLED' }),
      expect.objectContaining({ status: 'retrying', code: 'THROTTLED' }),
    ]);
    // Both jobs were told to wait the same 10 s: one pause of the tenant, not two.
    expect(paused).toEqual([['t', 'THROTTLED', 10]]);
  });

  it('counts each second of a pause shared by two instances once, summed over both', async () => {
    await queuePassword('j1', 'Copper-Meadow-58?');
    await queuePassword('j2', 'Velvet-Orchard-91#');
    const at = Date.now();
    const paused: [string, string, number][] = [];
    const throttle = (): never => {
      throw new M365Error('THROTTLED', 'too many requests', { retryAfterMs: 10_000 });
    };
    const instance = (client: M365Client, now: number) =>
      workerFor(client, {
        now: () => new Date(now),
        metrics: {
          jobSettled: () => undefined,
          tenantPaused: (tenant, code, seconds) => paused.push([tenant, code, seconds]),
        },
      });
    // The second instance's call left before the first instance was told to wait, and is answered 2 s
    // after it, with a wait of its own 10 s: the tenant is paused from `at` to `at` + 12 s.
    let entered = (): void => undefined;
    const inFlight = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const second = instance(
      {
        ...willingTenant(),
        setPassword: async () => {
          entered();
          await released;
          return throttle();
        },
      },
      at + 2_000,
    );
    const first = instance({ ...willingTenant(), setPassword: async () => throttle() }, at);
    const secondRound = second.runOnce();
    await inFlight;
    expect(await first.runOnce()).toBe(1);
    release();
    expect(await secondRound).toBe(1);
    // Summed over the instances (as docs/admin.md says to read the counters): 12 s, not 10 + 10.
    expect(paused).toEqual([
      ['t', 'THROTTLED', 10],
      ['t', 'THROTTLED', 2],
    ]);
  });

  it('leaves no copy of an applied password in the database, WAL or SHM file', async () => {
    const sealed = await queuePassword('j1', 'Copper-Meadow-58?');
    // While queued, the sealed payload is in the WAL: the test can see it where it looks.
    expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toEqual(['db.sqlite-wal']);
    const outcomes: JobOutcome[] = [];
    const worker = workerFor(willingTenant());
    worker.onOutcome((outcome) => outcomes.push(outcome));
    expect(await worker.runOnce()).toBe(1);
    expect(outcomes).toEqual([{ jobId: 'j1', status: 'done' }]);
    expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toEqual([]);
  });

  it('leaves no copy of an applied password that a checkpoint had already put in the database file', async () => {
    const sealed = await queuePassword('j1', 'Copper-Meadow-58?');
    // What SQLite's automatic checkpoint does every 1000 pages: the queued payload moves to the main file.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
    expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toEqual(['db.sqlite']);
    expect(await workerFor(willingTenant()).runOnce()).toBe(1);
    // The checkpoint after the wipe overwrote the page that held it (secure_delete would zero any bytes a
    // rewritten row left in free space; mail-sender.test.ts shows the freed-page case).
    expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toEqual([]);
  });

  it('tries a checkpoint that a reader blocked again on the next round', async () => {
    const sealed = await queuePassword('j1', 'Copper-Meadow-58?');
    // Another process (the CLI, a backup) in the middle of a read: the WAL cannot be truncated under it.
    const reader = new SQLite(store.path, { readonly: true });
    reader.exec('begin');
    reader.prepare('select count(*) from users').get();
    const worker = workerFor(willingTenant());
    expect(await worker.runOnce()).toBe(1);
    expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toContain('db.sqlite-wal');
    reader.exec('commit');
    reader.close();
    // Nothing left to claim, yet the wipe is still due: this round's scrub completes it.
    expect(await worker.runOnce()).toBe(0);
    expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toEqual([]);
  });

  it('scrubs the payload of a password superseded while it waited', async () => {
    const first = await queuePassword('j1', 'Copper-Meadow-58?');
    await queueNewerPassword('j1', 'j2', 'Granite-Willow-41!');
    // Microsoft 365 is down: j2 stays queued with its payload, but j1's wiped payload must not linger.
    const down = willingTenant();
    down.setPassword = async () => {
      throw new M365Error('UNAVAILABLE', 'Microsoft 365 is down');
    };
    const outcomes: JobOutcome[] = [];
    const worker = workerFor(down);
    worker.onOutcome((outcome) => outcomes.push(outcome));
    expect(await worker.runOnce()).toBe(1);
    expect(outcomes).toEqual([expect.objectContaining({ jobId: 'j2', status: 'retrying' })]);
    expect(await filesHolding(first, 'Copper-Meadow-58?')).toEqual([]);
  });

  it('scrubs on its first round what a process that died before its scrub left in the WAL', async () => {
    const sealed = await queuePassword('j1', 'Copper-Meadow-58?');
    // Wiped, then "killed" before any round: this store is never scrubbed or closed until the end.
    await store.db.updateTable('outbox_jobs').set({ status: 'done', payload: null }).execute();
    expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toEqual(['db.sqlite-wal']);
    const restarted = await openStore(store.path);
    try {
      expect(await workerFor(willingTenant(), {}, restarted).runOnce()).toBe(0);
      expect(await filesHolding(sealed, 'Copper-Meadow-58?')).toEqual([]);
    } finally {
      await restarted.close();
    }
  });
});
