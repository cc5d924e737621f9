import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addUser,
  advancePasskeyCounter,
  insertPasskey,
  openStore,
  replacePasskeyChallenge,
  type Store,
  takePasskeyChallenge,
} from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDialect, testDialects } from '../support/test-database.js';

// The store port's passkey statements, raced as in store-contract.test.ts: on PostgreSQL two portal
// instances (two stores, two pools) on one database; on SQLite one store (its single writer is what
// serialises them across processes too).

interface Pair {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

async function openPair(dialect: TestDialect): Promise<Pair> {
  if (dialect === 'postgres') {
    const url = await createPostgresDatabase('passkeys_contract');
    const a = await openStore(url, { poolSize: 8 });
    const b = await openStore(url, { poolSize: 8 });
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'passgate-passkeys-contract-'));
  const a = await openStore(join(dir, 'db.sqlite'));
  return {
    a,
    b: a,
    close: async () => {
      await a.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const passkey = (id: string, userId: string, credentialId: string) => ({
  id,
  userId,
  label: 'Phone',
  credentialId,
  publicKey: new Uint8Array([1, 2, 3]),
  signCount: 0,
  transports: '["internal"]',
  now: 1_000,
});

describe.each(testDialects())('the passkey store port on %s', (dialect) => {
  let pair: Pair;
  let userId: string;
  beforeAll(async () => {
    pair = await openPair(dialect);
    userId = await addUser(pair.a.db, { email: 'ann@contoso.example', password: null }, new Date(0));
  });
  afterAll(() => pair.close());

  it('gives a challenge to exactly one of many answers sent at once, from two instances', async () => {
    await replacePasskeyChallenge(
      pair.a.db,
      { bindingHash: 'browser', purpose: 'account', challenge: 'first', userId: null, expiresAt: 10_000 },
      1_000,
    );
    // Asking again replaces it: only the newest challenge of a browser and purpose is live.
    await replacePasskeyChallenge(
      pair.b.db,
      { bindingHash: 'browser', purpose: 'account', challenge: 'second', userId, expiresAt: 10_000 },
      1_000,
    );
    const taken = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        takePasskeyChallenge(
          i % 2 ? pair.a.db : pair.b.db,
          { bindingHash: 'browser', purpose: 'account' },
          2_000,
        ),
      ),
    );
    expect(taken.filter((row) => row !== null)).toEqual([{ challenge: 'second', userId }]);
  });

  it('answers null for an expired challenge, and for one of another purpose', async () => {
    const row = { bindingHash: 'late', challenge: 'c', userId: null, expiresAt: 5_000 };
    await replacePasskeyChallenge(pair.a.db, { ...row, purpose: 'account' }, 1_000);
    expect(
      await takePasskeyChallenge(pair.b.db, { bindingHash: 'late', purpose: 'reset' }, 2_000),
    ).toBeNull();
    expect(
      await takePasskeyChallenge(pair.b.db, { bindingHash: 'late', purpose: 'account' }, 5_000),
    ).toBeNull();
  });

  it('registers a credential id once, however many instances try at the same time', async () => {
    const inserted = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        insertPasskey(i % 2 ? pair.a.db : pair.b.db, passkey(`m-${i}`, userId, 'same-credential')),
      ),
    );
    expect(inserted.filter(Boolean)).toHaveLength(1);
  });

  it('moves the sign counter forward once per value, and never back', async () => {
    await insertPasskey(pair.a.db, passkey('counted', userId, 'counted-credential'));
    const accepted = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        advancePasskeyCounter(i % 2 ? pair.a.db : pair.b.db, 'counted', 7, 2_000),
      ),
    );
    expect(accepted.filter(Boolean)).toHaveLength(1);
    expect(await advancePasskeyCounter(pair.a.db, 'counted', 6, 2_000)).toBe(false);
    expect(await advancePasskeyCounter(pair.b.db, 'counted', 8, 2_000)).toBe(true);
    // A counter that came back to 0 after growing is a regression too.
    expect(await advancePasskeyCounter(pair.a.db, 'counted', 0, 2_000)).toBe(false);
  });

  it('accepts an authenticator that keeps no counter (0 every time)', async () => {
    await insertPasskey(pair.a.db, passkey('uncounted', userId, 'uncounted-credential'));
    expect(await advancePasskeyCounter(pair.a.db, 'uncounted', 0, 2_000)).toBe(true);
    expect(await advancePasskeyCounter(pair.b.db, 'uncounted', 0, 3_000)).toBe(true);
    const row = await pair.a.db
      .selectFrom('recovery_methods')
      .select(['sign_count', 'last_used_at'])
      .where('id', '=', 'uncounted')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ sign_count: 0, last_used_at: 3_000 });
  });
});
