import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkReadiness } from './check-readiness.js';
import type { Database } from './database-schema.js';
import { openStore, type Store } from './open-store.js';

let store: Store;
beforeEach(async () => {
  store = await openStore(join(await mkdtemp(join(tmpdir(), 'passgate-ready-')), 'db.sqlite'));
});
afterEach(() => store.close().catch(() => undefined));

describe('checkReadiness()', () => {
  it('is ready on a database migrated by this code', async () => {
    expect(await checkReadiness(store.db, 2_000)).toEqual({ ready: true });
  });

  it('says which migrations have not run, and what to run', async () => {
    await sql`delete from kysely_migration where name = '0003_credential_version'`.execute(store.db);
    expect(await checkReadiness(store.db, 2_000)).toEqual({
      ready: false,
      reason: 'MIGRATIONS_PENDING',
      message: '1 migration(s) not run yet (0003_credential_version): run passgate db migrate',
    });
    await sql`drop table kysely_migration`.execute(store.db);
    expect(await checkReadiness(store.db, 2_000)).toMatchObject({ reason: 'MIGRATIONS_PENDING' });
  });

  it('is not ready on a database a newer Passgate migrated', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('9999_future', '2030-01-01')`.execute(
      store.db,
    );
    expect(await checkReadiness(store.db, 2_000)).toMatchObject({
      ready: false,
      reason: 'DATABASE_NEWER',
      message: expect.stringContaining('9999_future'),
    });
  });

  it('reports a database that is gone, or does not answer in time', async () => {
    const db = store.db;
    await store.close();
    expect(await checkReadiness(db, 2_000)).toMatchObject({ ready: false, reason: 'DATABASE_UNREACHABLE' });
    const hanging = { executeQuery: () => new Promise(() => undefined) };
    const stuck = {
      getExecutor: () => ({ ...hanging, transformQuery: (q: unknown) => q, compileQuery: (q: unknown) => q }),
    } as unknown as Kysely<Database>;
    expect(await checkReadiness(stuck, 50)).toEqual({
      ready: false,
      reason: 'DATABASE_UNREACHABLE',
      message: 'the database did not answer within 50 ms',
    });
  });
});
