import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/open-store.js';
import type { JobOutcome, SyncWorker } from '../sync/sync-worker.js';
import { waitForJob } from './wait-for-job.js';

let store: Store;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-wait-')), 'db.sqlite'));
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Just enough of a worker to announce an outcome; the wait reads the row, not the event. */
function announcingWorker(): { worker: SyncWorker; announce(outcome: JobOutcome): void } {
  const listeners = new Set<(outcome: JobOutcome) => void>();
  const worker = {
    onOutcome(listener: (outcome: JobOutcome) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as SyncWorker;
  return {
    worker,
    announce: (outcome) => {
      for (const listener of listeners) listener(outcome);
    },
  };
}

describe('waitForJob()', () => {
  it('answers "waiting" at the deadline when the database cannot be read, without an unhandled rejection', async () => {
    await store.close();
    const warnings: unknown[] = [];
    const logger = { warn: (...args: unknown[]) => void warnings.push(args) };
    const settled = await waitForJob(store.db, null, 'job-1', 200, { pollMs: 20, logger });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toEqual({ status: 'waiting' });
    expect(unhandled).toEqual([]);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it('answers "waiting" when the row cannot be read after the worker announces the job', async () => {
    const { worker, announce } = announcingWorker();
    const waiting = waitForJob(store.db, worker, 'job-1', 60_000, { pollMs: 60_000 });
    await store.close();
    announce({ jobId: 'job-1' } as JobOutcome);
    expect(await waiting).toEqual({ status: 'waiting' });
    expect(unhandled).toEqual([]);
  });
});
