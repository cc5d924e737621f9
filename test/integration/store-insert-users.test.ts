import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { insertUsersIfAbsent, openStore, type Store } from '@passgate/portal';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDialect, testDialects } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

// insertUsersIfAbsent (the import's write): an address another writer holds, or takes while the import
// is deciding, is left alone, row by row, and the import's transaction goes on. On PostgreSQL two stores
// (two instances) race on one database; on SQLite the single writer serialises them by itself.

function row(email: string, display: string | null = null) {
  return {
    id: randomUUID(),
    email,
    display_name: display,
    password_hash: '',
    status: 'pending_activation' as const,
    password_changed_at: 1,
    user_changed_at: null,
    created_at: 1,
    last_synced_at: null,
    last_sync_error: null,
  };
}

describe.each(testDialects())('insertUsersIfAbsent() on %s', (dialect: TestDialect) => {
  let a: Store;
  let b: Store;
  let dir: string | null = null;

  beforeAll(async () => {
    if (dialect === 'postgres') {
      const url = await createPostgresDatabase('insert_users');
      [a, b] = await Promise.all([openStore(url, { poolSize: 4 }), openStore(url, { poolSize: 4 })]);
    } else {
      dir = await mkdtemp(join(tmpdir(), 'passgate-insert-users-'));
      a = await openStore(join(dir, 'db.sqlite'));
      b = a;
    }
  });
  afterAll(async () => {
    await a.close();
    if (b !== a) await b.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('inserts the new addresses, leaves a taken one as it is, and the transaction goes on', async () => {
    await insertUsersIfAbsent(a.db, [row('held@contoso.example', 'Holder')]);
    const inserted = await a.db.transaction().execute(async (trx) => {
      const first = await insertUsersIfAbsent(trx, [
        row('n1@contoso.example'),
        row('held@contoso.example', 'Import'),
      ]);
      const second = await insertUsersIfAbsent(trx, [row('n2@contoso.example')]);
      return [...first, ...second];
    });
    expect(inserted.sort()).toEqual(['n1@contoso.example', 'n2@contoso.example']);
    const held = await a.db
      .selectFrom('users')
      .select('display_name')
      .where('email', '=', 'held@contoso.example')
      .execute();
    expect(held).toEqual([{ display_name: 'Holder' }]);
  });

  it('gives each address to exactly one of two imports racing for the same people, in any order', async () => {
    const emails = Array.from({ length: 400 }, (_, i) => `race${i}@contoso.example`);
    // Each import writes one batch per transaction, as importUsers does; the two see the people in
    // opposite orders, so their batches overlap while both are open.
    const run = async (store: Store, order: string[]): Promise<Set<string>> => {
      const batches = Array.from({ length: order.length / 100 }, (_, i) =>
        order.slice(i * 100, i * 100 + 100),
      );
      const got = await Promise.all(
        batches.map((batch) =>
          store.db.transaction().execute((trx) =>
            insertUsersIfAbsent(
              trx,
              batch.map((e) => row(e)),
            ),
          ),
        ),
      );
      return new Set(got.flatMap((set) => [...set]));
    };
    const [one, two] = await Promise.all([run(a, emails), run(b, [...emails].reverse())]);
    expect(one.size + two.size).toBe(emails.length);
    expect([...one].filter((e) => two.has(e))).toEqual([]);
    const count = await a.db.selectFrom('users').select('email').where('email', 'like', 'race%').execute();
    expect(count).toHaveLength(emails.length);
  });
});

describe.runIf(testDialects().includes('postgres'))(
  'insertUsersIfAbsent() on PostgreSQL, two instances',
  () => {
    let a: Store;
    let b: Store;

    beforeAll(async () => {
      const url = await createPostgresDatabase('insert_users_order');
      [a, b] = await Promise.all([openStore(url, { poolSize: 4 }), openStore(url, { poolSize: 4 })]);
    });
    afterAll(async () => {
      await Promise.all([a.close(), b.close()]);
    });

    it('waits for an address another open import holds without deadlocking, whatever order it was given', async () => {
      const ids = Array.from({ length: 100 }, (_, i) => `order${i}@contoso.example`);
      let first: Promise<Set<string>> | undefined;
      // B holds order50 uncommitted; A, given the people in descending order, must wait for it.
      const holder = b.db.transaction().execute(async (trx) => {
        await insertUsersIfAbsent(trx, [row('order50@contoso.example')]);
        first = a.db.transaction().execute((t) =>
          insertUsersIfAbsent(
            t,
            [...ids].reverse().map((e) => row(e)),
          ),
        );
        await waitUntil(async () => {
          const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(trx);
          return (waiting.rows[0]?.n ?? 0) > 0;
        });
        // B now wants a row of A's batch. Had A gone in its given order it would hold order60 already,
        // and each would wait for the other; sorted, A has not reached it.
        return insertUsersIfAbsent(trx, [row('order60@contoso.example')]);
      });
      const mine = await holder;
      const theirs = await first;
      expect([...mine]).toEqual(['order60@contoso.example']);
      expect(theirs?.size).toBe(98);
      expect(theirs?.has('order50@contoso.example')).toBe(false);
    });
  },
);
