import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../open-store.js';
import { clearFailures, countFailure, lockedUntil, takeFromWindow } from './counters.js';

let store: Store;
beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-counters-')), 'db.sqlite'));
});
afterEach(() => store.close());

describe('takeFromWindow()', () => {
  it('allows max attempts per window, then refuses until the window ends', async () => {
    const window = { max: 2, windowSeconds: 60 };
    expect(await takeFromWindow(store.db, 'addr:1', window, 0)).toBe(true);
    expect(await takeFromWindow(store.db, 'addr:1', window, 1)).toBe(true);
    expect(await takeFromWindow(store.db, 'addr:1', window, 2)).toBe(false);
    expect(await takeFromWindow(store.db, 'addr:2', window, 2)).toBe(true);
    expect(await takeFromWindow(store.db, 'addr:1', window, 60_000)).toBe(true);
  });
});

describe('countFailure()', () => {
  const rule = { maxAttempts: 3, durationSeconds: 300, resetCounterMinutes: 15 };

  it('locks after maxAttempts failures within the counting window, for durationSeconds', async () => {
    expect(await countFailure(store.db, 'lock:a', rule, 0)).toBe(false);
    expect(await countFailure(store.db, 'lock:a', rule, 1)).toBe(false);
    expect(await lockedUntil(store.db, 'lock:a', 2)).toBeNull();
    expect(await countFailure(store.db, 'lock:a', rule, 2)).toBe(true);
    expect(await lockedUntil(store.db, 'lock:a', 3)).toBe(300_002);
    expect(await lockedUntil(store.db, 'lock:a', 300_002)).toBeNull();
  });

  it('keeps counting failures spaced less than resetCounterMinutes apart, however long the run', async () => {
    expect(await countFailure(store.db, 'lock:a', rule, 0)).toBe(false);
    expect(await countFailure(store.db, 'lock:a', rule, 10 * 60_000)).toBe(false);
    expect(await countFailure(store.db, 'lock:a', rule, 20 * 60_000)).toBe(true);
  });

  it('leaves an active lock alone when failures that passed the lock check earlier are counted during it', async () => {
    await countFailure(store.db, 'lock:a', rule, 0);
    await countFailure(store.db, 'lock:a', rule, 1);
    expect(await countFailure(store.db, 'lock:a', rule, 2)).toBe(true);
    // Requests checked before the lock was set finish their hashing afterwards, all at once.
    const late = await Promise.all([3, 4, 5, 6].map((at) => countFailure(store.db, 'lock:a', rule, at)));
    expect(late).toEqual([false, false, false, false]);
    expect(await lockedUntil(store.db, 'lock:a', 7)).toBe(300_002);
    expect(await lockedUntil(store.db, 'lock:a', 300_001)).toBe(300_002);
  });

  it('starts counting again once resetCounterMinutes have passed since the last failure or a password was right', async () => {
    await countFailure(store.db, 'lock:a', rule, 0);
    await countFailure(store.db, 'lock:a', rule, 1);
    expect(await countFailure(store.db, 'lock:a', rule, 1 + 15 * 60_000)).toBe(false);
    await clearFailures(store.db, 'lock:a');
    expect(await countFailure(store.db, 'lock:a', rule, 15 * 60_000 + 1)).toBe(false);
    expect(await countFailure(store.db, 'lock:a', rule, 15 * 60_000 + 2)).toBe(false);
  });
});
