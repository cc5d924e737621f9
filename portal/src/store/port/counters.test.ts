import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../open-store.js';
import {
  clearFailures,
  type LockoutRule,
  lockedUntil,
  reserveAttempt,
  settleFailure,
  takeFromWindow,
} from './counters.js';

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

/** One wrong password, as the sign-in and change flows count it: reserved first, then settled. */
async function fail(key: string, rule: LockoutRule, at: number): Promise<boolean | 'refused'> {
  if (!(await reserveAttempt(store.db, key, rule, at))) return 'refused';
  return settleFailure(store.db, key, rule, at);
}

describe('reserveAttempt() and settleFailure()', () => {
  const rule = { maxAttempts: 3, durationSeconds: 300, resetCounterMinutes: 15 };

  it('locks after maxAttempts failures within the counting window, for durationSeconds', async () => {
    expect(await fail('lock:a', rule, 0)).toBe(false);
    expect(await fail('lock:a', rule, 1)).toBe(false);
    expect(await lockedUntil(store.db, 'lock:a', 2)).toBeNull();
    expect(await fail('lock:a', rule, 2)).toBe(true);
    expect(await lockedUntil(store.db, 'lock:a', 3)).toBe(300_002);
    expect(await fail('lock:a', rule, 3)).toBe('refused');
    expect(await lockedUntil(store.db, 'lock:a', 300_002)).toBeNull();
    expect(await reserveAttempt(store.db, 'lock:a', rule, 300_002)).toBe(true);
  });

  it('keeps counting failures spaced less than resetCounterMinutes apart, however long the run', async () => {
    expect(await fail('lock:a', rule, 0)).toBe(false);
    expect(await fail('lock:a', rule, 10 * 60_000)).toBe(false);
    expect(await fail('lock:a', rule, 20 * 60_000)).toBe(true);
  });

  it('lets at most maxAttempts requests that arrive together be evaluated, and one of them lock', async () => {
    const reserved = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((at) => reserveAttempt(store.db, 'lock:a', rule, at)),
    );
    expect(reserved.filter(Boolean)).toHaveLength(3);
    const locked = await Promise.all([7, 8, 9].map((at) => settleFailure(store.db, 'lock:a', rule, at)));
    expect(locked.filter(Boolean)).toHaveLength(1);
    expect(await lockedUntil(store.db, 'lock:a', 10)).not.toBeNull();
  });

  it('never lifts a lock when a request reserved before it turns out right', async () => {
    await reserveAttempt(store.db, 'lock:a', rule, 0);
    await fail('lock:a', rule, 1);
    expect(await fail('lock:a', rule, 2)).toBe(true);
    expect(await clearFailures(store.db, 'lock:a', 3)).toBeNull();
    expect(await lockedUntil(store.db, 'lock:a', 4)).toBe(300_002);
  });

  it('starts counting again once resetCounterMinutes have passed since the last failure or a password was right', async () => {
    await fail('lock:a', rule, 0);
    await fail('lock:a', rule, 1);
    expect(await fail('lock:a', rule, 1 + 15 * 60_000)).toBe(false);
    await clearFailures(store.db, 'lock:a', 15 * 60_000 + 1);
    expect(await fail('lock:a', rule, 15 * 60_000 + 1)).toBe(false);
    expect(await fail('lock:a', rule, 15 * 60_000 + 2)).toBe(false);
  });

  it('reports the end of a lock that ran out when a right password clears it', async () => {
    for (const at of [0, 1, 2]) await fail('lock:a', rule, at);
    expect(await clearFailures(store.db, 'lock:a', 400_000)).toBe(300_002);
  });
});
