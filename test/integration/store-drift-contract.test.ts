import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addUser,
  claimDriftSweep,
  claimUnalertedDrifts,
  insertFirstLooks,
  moveDriftWatch,
  openStore,
  type Store,
} from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDialect, testDialects } from '../support/test-database.js';

// Drift detection's part of the store port's contract (see store-contract.test.ts for the pattern): on
// PostgreSQL two instances on one database race; on SQLite one store plays both.

interface Pair {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

async function openPair(dialect: TestDialect): Promise<Pair> {
  if (dialect === 'postgres') {
    const url = await createPostgresDatabase('drift_contract');
    const a = await openStore(url, { poolSize: 8 });
    const b = await openStore(url, { poolSize: 8 });
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'passgate-drift-contract-'));
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

const HOUR = 3_600_000;

describe.each(testDialects())('drift detection in the store port on %s', (dialect) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await openPair(dialect);
  });
  afterAll(() => pair.close());
  const either = (i: number) => (i % 2 ? pair.a.db : pair.b.db);

  it("claims a tenant's round for one instance when due, and not on the first sight of the tenant", async () => {
    const first = await Promise.all([0, 1].map((i) => claimDriftSweep(either(i), 'contoso', 1_000, HOUR)));
    expect(first).toEqual([null, null]);
    expect(await claimDriftSweep(pair.a.db, 'contoso', 1_000 + HOUR / 2, HOUR)).toBeNull();
    const due = await Promise.all(
      Array.from({ length: 6 }, (_, i) => claimDriftSweep(either(i), 'contoso', 1_000 + HOUR, HOUR)),
    );
    expect(due.filter((claim) => claim !== null)).toEqual([{ auditReadAt: null, auditDenied: false }]);
    // Forced (an admin or a test asking now): claimed whatever the interval says.
    expect(await claimDriftSweep(pair.b.db, 'contoso', 2_000 + HOUR, HOUR, true)).toEqual({
      auditReadAt: null,
      auditDenied: false,
    });
    expect(await claimDriftSweep(pair.b.db, 'fabrikam', 2_000, HOUR, true)).not.toBeNull();
  });

  it('records a change once however many sweeps judge it at the same moment', async () => {
    const userId = await addUser(pair.a.db, { email: 'ann@contoso.example', password: null }, new Date(0));
    const firstLooks = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        moveDriftWatch(either(i), userId, null, { seen_change_at: 5_000, updated_at: 1 }),
      ),
    );
    expect(firstLooks.filter(Boolean)).toHaveLength(1);
    const from = { changeAt: 5_000, writeAt: null, recordAt: null };
    const drifts = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        either(i)
          .transaction()
          .execute((trx) =>
            moveDriftWatch(trx, userId, from, {
              seen_change_at: 9_000,
              seen_record_at: 9_250,
              drift_detected_at: 10_000 + i,
              updated_at: 10_000,
            }),
          ),
      ),
    );
    expect(drifts.filter(Boolean)).toHaveLength(1);
    // Moved on: the old key no longer matches.
    expect(await moveDriftWatch(pair.b.db, userId, from, { seen_change_at: 9_000, updated_at: 11_000 })).toBe(
      false,
    );
    const row = await pair.b.db
      .selectFrom('password_drift')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ seen_change_at: 9_000, seen_record_at: 9_250, seen_write_at: null });
    expect(typeof row.seen_change_at).toBe('number');
  });

  it('takes a first look at a page of users in one statement, racing instances adding each row once', async () => {
    const ids = await Promise.all(
      ['fay', 'gus', 'hal'].map((name) =>
        addUser(pair.a.db, { email: `${name}@contoso.example`, password: null }, new Date(0)),
      ),
    );
    const rows = ids.map((userId, i) => ({ userId, changeAt: 1_000 * i, writeAt: i === 0 ? null : 500 }));
    await Promise.all(
      [0, 1, 2, 3].map((i) =>
        either(i)
          .transaction()
          .execute((trx) => insertFirstLooks(trx, rows, 7_000 + i)),
      ),
    );
    const stored = await pair.b.db
      .selectFrom('password_drift')
      .select(['user_id', 'seen_change_at', 'seen_write_at', 'drift_detected_at'])
      .where('user_id', 'in', ids)
      .orderBy('seen_change_at')
      .execute();
    expect(stored).toEqual(
      rows.map((row) => ({
        user_id: row.userId,
        seen_change_at: row.changeAt,
        seen_write_at: row.writeAt,
        drift_detected_at: null,
      })),
    );
  });

  it('gives each drift not yet told to exactly one digest', async () => {
    const ids = await Promise.all(
      ['bo', 'cy', 'di', 'ed'].map((name) =>
        addUser(pair.a.db, { email: `${name}@contoso.example`, password: null }, new Date(0)),
      ),
    );
    for (const [i, id] of ids.entries())
      await moveDriftWatch(pair.a.db, id, null, {
        seen_change_at: 1_000 * i,
        drift_changed_at: 1_000 * i,
        drift_detected_at: 20_000,
        drift_action: 'reported',
        updated_at: 20_000,
      });
    const claims = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        either(i)
          .transaction()
          .execute((trx) => claimUnalertedDrifts(trx, 30_000)),
      ),
    );
    const told = claims.flat().map((drift) => drift.userId);
    // Ann's row from the test before has a drift too.
    expect(told).toHaveLength(ids.length + 1);
    expect(new Set(told).size).toBe(told.length);
    expect(claims.flat().find((d) => d.userId === ids[2])).toEqual({
      userId: ids[2],
      changedAt: 2_000,
      detectedAt: 20_000,
      activity: null,
      actor: null,
      action: 'reported',
    });
    expect(await pair.b.db.transaction().execute((trx) => claimUnalertedDrifts(trx, 40_000))).toEqual([]);
  });
});
