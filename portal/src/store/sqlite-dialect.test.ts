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

  it('prepares a statement once and runs it again, and again after a streamed select of it was left early', async () => {
    const sqlite = new SQLite(':memory:');
    let prepared = 0;
    const prepare = sqlite.prepare.bind(sqlite);
    sqlite.prepare = ((source: string) => {
      prepared += 1;
      return prepare(source);
    }) as typeof sqlite.prepare;
    const db = new Kysely<{ notes: { text: string } }>({ dialect: sqliteDialect(sqlite) });
    await sql`create table notes (text text)`.execute(db);
    for (const text of ['a', 'b', 'c']) await db.insertInto('notes').values({ text }).execute();
    const before = prepared;
    const all = () => db.selectFrom('notes').select('text').orderBy('text').execute();
    expect(await all()).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    expect(await all()).toEqual([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    expect(prepared - before).toBe(1);
    // A streamed select holds its statement while it runs; left early, the statement is free again.
    const stream = () => db.selectFrom('notes').select('text').orderBy('text').stream();
    for await (const row of stream()) if (row.text === 'a') break;
    const streamed: string[] = [];
    for await (const row of stream()) streamed.push(row.text);
    expect(streamed).toEqual(['a', 'b', 'c']);
    expect(await all()).toHaveLength(3);
    await db.destroy();
  });
});
