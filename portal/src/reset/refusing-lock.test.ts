import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedSql } from '../../test-support/recorded-sql.js';
import { openStore, type Store } from '../store/open-store.js';
import { firstRefusingLock as refusingLock, reserveAttempt, settleFailure } from '../store/port/counters.js';
import type { GuessLock } from './reset-limits.js';

const at = Date.parse('2026-03-02T09:00:00Z');
const RULE = { maxAttempts: 3, durationSeconds: 900, resetCounterMinutes: 15 };
const first: GuessLock = { key: 'reset-lock:ann@contoso.example#192.0.2.1', rule: RULE };
const second: GuessLock = { key: 'reset-24h:all:ann@contoso.example', rule: RULE, notice: 'totp' };
let store: Store;

beforeEach(async () => {
  store = await openStore(':memory:');
});
afterEach(() => store.close());

/** `n` wrong attempts on the lock at `when`, each reserved then settled (the last may lock it). */
async function fail(lock: GuessLock, n: number, when: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    await reserveAttempt(store.db, lock.key, lock.rule, when);
    await settleFailure(store.db, lock.key, lock.rule, when);
  }
}

describe('refusingLock()', () => {
  // Asked before a code is mailed: it must refuse exactly where a typed code would be refused.
  it('names a lock exactly when reserveAttempt would refuse it, through a lock and its end', async () => {
    const states: [string, () => Promise<void>, number][] = [
      ['nothing counted', async () => {}, at],
      ['attempts left', () => fail(first, 2, at), at],
      ['locked', () => fail(first, 1, at), at + 1000],
      ['still locked', async () => {}, at + 899_000],
      ['lock over', async () => {}, at + 901_000],
    ];
    for (const [state, act, now] of states) {
      await act();
      const named = await refusingLock(store.db, [first], now);
      const reserved = await reserveAttempt(store.db, first.key, first.rule, now);
      expect(named === undefined, state).toBe(reserved);
      if (reserved) await settleFailure(store.db, first.key, first.rule, now);
    }
  });

  // Parallel attempts reserved and not yet settled hold every attempt: a typed code is refused then too.
  it('names a lock whose every attempt is in use, until its count lapses', async () => {
    for (let i = 0; i < 3; i += 1) await reserveAttempt(store.db, first.key, RULE, at);
    expect(await refusingLock(store.db, [first], at)).toBe(first);
    expect(await refusingLock(store.db, [first], at + 15 * 60_000)).toBeUndefined();
  });

  it('names the first that refuses, in order, with its notice', async () => {
    await fail(second, 3, at);
    expect(await refusingLock(store.db, [first, second], at)).toBe(second);
    await fail(first, 3, at);
    expect(await refusingLock(store.db, [first, second], at)).toBe(first);
    expect(await refusingLock(store.db, [], at)).toBeUndefined();
  });

  // Nothing is counted or reserved by asking, and whatever the locks hold, one read.
  it('reads in one statement and writes nothing', async () => {
    const recording = recordedSql(store.db);
    await refusingLock(recording.db, [first, second], at);
    await fail(second, 3, at);
    await refusingLock(recording.db, [first, second], at);
    expect(recording.sql).toHaveLength(2);
    expect(recording.sql[0]).toEqual(recording.sql[1]);
    expect(recording.sql[0]).toMatch(/^select /i);
  });
});
