import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { sqliteDialect } from './sqlite-dialect.js';

describe('sqliteDialect()', () => {
  it('rethrows the error that made SQLite roll a transaction back itself, not a failed ROLLBACK', async () => {
    const sqlite = new SQLite(':memory:');
    const db = new Kysely<{ notes: { text: string } }>({ dialect: sqliteDialect(sqlite) });
    await sql`create table notes (text text)`.execute(db);
    // What a full disk does (seen on a full tmpfs): the write fails with SQLITE_FULL and SQLite has
    // already rolled the whole transaction back when the error reaches Kysely.
    const full = new SQLite.SqliteError('database or disk is full', 'SQLITE_FULL');
    const outcome = db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ text: 'half' }).execute();
      sqlite.exec('rollback');
      throw full;
    });
    await expect(outcome).rejects.toBe(full);
    // An error inside a transaction SQLite did not end still rolls it back.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('notes').values({ text: 'half' }).execute();
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(sqlite.inTransaction).toBe(false);
    expect(await db.selectFrom('notes').selectAll().execute()).toEqual([]);
    await db.destroy();
  });
});
