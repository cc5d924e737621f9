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
  it('syncs exactly the commits it is asked to, switching the level only when a write needs the other one', async () => {
    const sqlite = new SQLite(':memory:');
    sqlite.pragma('synchronous = FULL');
    const switches: string[] = [];
    const pragma = sqlite.pragma.bind(sqlite);
    sqlite.pragma = ((source: string, options?: SQLite.PragmaOptions) => {
      if (source.startsWith('synchronous =')) switches.push(source);
      return pragma(source, options);
    }) as typeof sqlite.pragma;
    const db = new Kysely<{ notes: { text: string } }>({ dialect: sqliteDialect(sqlite) });
    await sql`create table notes (text text)`.execute(db);
    const level = () => pragma('synchronous', { simple: true });
    const unsynced = (work: (conn: Kysely<{ notes: { text: string } }>) => Promise<unknown>) =>
      db.connection().execute(async (conn) => {
        await sql`pragma synchronous = NORMAL`.execute(conn);
        try {
          await work(conn);
        } finally {
          await sql`pragma synchronous = FULL`.execute(conn);
        }
      });
    // An unsynced scope that only reads changes nothing.
    await unsynced((conn) => conn.selectFrom('notes').selectAll().execute());
    expect(switches).toEqual([]);
    expect(level()).toBe(2);
    // Its writes commit with NORMAL; two scopes in a row share the switch.
    await unsynced(async (conn) => {
      await conn.insertInto('notes').values({ text: 'window' }).execute();
      expect(level()).toBe(1);
    });
    await unsynced((conn) =>
      conn.transaction().execute((trx) => trx.insertInto('notes').values({ text: 'claim' }).execute()),
    );
    expect(switches).toEqual(['synchronous = 1']);
    // A read outside any scope leaves the level alone; the next write (or BEGIN) outside one is synced.
    await db.selectFrom('notes').selectAll().execute();
    expect(level()).toBe(1);
    await db.transaction().execute(async (trx) => {
      expect(level()).toBe(2);
      await trx.insertInto('notes').values({ text: 'accepted' }).execute();
    });
    await db.insertInto('notes').values({ text: 'audit' }).execute();
    expect(level()).toBe(2);
    expect(switches).toEqual(['synchronous = 1', 'synchronous = 2']);
    await db.destroy();
  });
});
