import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extendTenantPause, noteTenantOk, openStore, readTenantPauses, type Store } from '@passgate/portal';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDialect, testDialects } from '../support/test-database.js';

// The store port's shared throttling pause, as in store-contract.test.ts: on PostgreSQL two portal
// instances (two stores, two pools) on one database; on SQLite one store (its single writer is what
// serialises them across processes too).

interface Pair {
  a: Store;
  b: Store;
  close(): Promise<void>;
}

async function openPair(dialect: TestDialect): Promise<Pair> {
  if (dialect === 'postgres') {
    const url = await createPostgresDatabase('tenant_pause_contract');
    const a = await openStore(url, { poolSize: 8 });
    const b = await openStore(url, { poolSize: 8 });
    return { a, b, close: async () => void (await Promise.all([a.close(), b.close()])) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'passgate-tenant-pause-contract-'));
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

describe.each(testDialects())('the tenant pause store port on %s', (dialect) => {
  let pair: Pair;
  beforeAll(async () => {
    pair = await openPair(dialect);
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('keeps the later end when instances are throttled at once, whatever the order their writes land in', async () => {
    const extensions = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        extendTenantPause(
          i % 2 === 0 ? pair.a.db : pair.b.db,
          'contoso',
          10_000 + ((i * 7) % 20) * 100,
          5_000,
        ),
      ),
    );
    // Each writer learns the end as it stood after its own write: never earlier than what it asked for.
    extensions.forEach(({ end }, i) => {
      expect(end).toBeGreaterThanOrEqual(10_000 + ((i * 7) % 20) * 100);
    });
    // And what its own write added: together, the pause from 5,000 to 11,900 once, whatever the order.
    expect(extensions.reduce((sum, { added }) => sum + added, 0)).toBe(6_900);
    expect(await readTenantPauses(pair.b.db, 5_000)).toEqual(new Map([['contoso', 11_900]]));
    // A shorter pause told later does not cut the longer one short, and adds nothing.
    expect(await extendTenantPause(pair.b.db, 'contoso', 10_500, 5_000)).toEqual({ end: 11_900, added: 0 });
    // Told after the pause ended: a new pause, counted from when it was told.
    expect(await extendTenantPause(pair.a.db, 'contoso', 14_000, 12_000)).toEqual({
      end: 14_000,
      added: 2_000,
    });
  });

  it('reads only the tenants still paused, and a success noted meanwhile does not lift the pause', async () => {
    await extendTenantPause(pair.a.db, 'fabrikam', 20_000, 15_000);
    await noteTenantOk(pair.b.db, 'fabrikam', 15_000);
    await noteTenantOk(pair.b.db, 'tailspin', 15_000);
    expect(await readTenantPauses(pair.a.db, 15_000)).toEqual(new Map([['fabrikam', 20_000]]));
    expect(await readTenantPauses(pair.a.db, 20_000)).toEqual(new Map());
  });

  it('never records a pause longer than 15 minutes, and replaces one recorded further out', async () => {
    const now = 1_000_000_000_000;
    const cap = now + 15 * 60_000;
    // Retry-After: 999999999 seconds, as a broken proxy might say.
    expect(await extendTenantPause(pair.a.db, 'northwind', now + 999_999_999_000, now)).toEqual({
      end: cap,
      added: 15 * 60_000,
    });
    expect(await readTenantPauses(pair.b.db, now)).toEqual(new Map([['northwind', cap]]));
    // An end from before the cap existed, decades out: not honoured, and the next pause replaces it.
    await pair.a.db
      .updateTable('tenant_health')
      .set({ paused_until: now * 2 })
      .where('tenant', '=', 'northwind')
      .execute();
    expect(await readTenantPauses(pair.b.db, now)).toEqual(new Map());
    expect(await extendTenantPause(pair.b.db, 'northwind', now + 5_000, now)).toEqual({
      end: now + 5_000,
      added: 5_000,
    });
  });
});
