import { chmod, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Database } from './database-schema.js';
import { openStore, StoreError } from './open-store.js';
import { runMigrations } from './run-migrations.js';
import { sqliteDialect } from './sqlite-dialect.js';

async function tempPath(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), 'passgate-store-')), 'db.sqlite');
}

async function modes(path: string): Promise<string[]> {
  return Promise.all(
    ['', '-wal', '-shm'].map(async (suffix) => ((await stat(`${path}${suffix}`)).mode & 0o777).toString(8)),
  );
}

/** Every table, index and trigger with its definition, and the migrations recorded: the whole schema. */
function schemaOf(path: string): unknown {
  const sqlite = new SQLite(path, { readonly: true });
  try {
    return {
      objects: sqlite.prepare('select type, name, sql from sqlite_master order by type, name').all(),
      migrations: sqlite.prepare('select name from kysely_migration order by name').all(),
    };
  } finally {
    sqlite.close();
  }
}

function warningsTo(lines: string[]) {
  return pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
}

async function refusal(path: string): Promise<Error> {
  const error = await openStore(path).then(
    () => new Error('opened'),
    (e: unknown) => e as Error,
  );
  expect(error).toBeInstanceOf(StoreError);
  // One line: the CLI prints it as is before exiting 78.
  expect(error.message).not.toContain('\n');
  return error;
}

describe('openStore()', () => {
  it('creates every table in WAL mode, and opening again migrates nothing twice', async () => {
    const path = await tempPath();
    const first = await openStore(path);
    await first.close();
    const store = await openStore(path);
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where type = 'table' order by name`.execute(store.db);
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'audit_events',
        'counters',
        'outbox_jobs',
        'password_history',
        'pending_passwords',
        'users',
      ]),
    );
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(store.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    await store.close();
  });

  it('keeps the audit log append-only', async () => {
    const store = await openStore(await tempPath());
    const row = {
      id: 'e1',
      event_type: 'user_create',
      timestamp: new Date().toISOString(),
      user_id: null,
      username: 'a@b.example',
      success: 1,
      body: '{}',
    };
    await store.db.insertInto('audit_events').values(row).execute();
    await expect(store.db.updateTable('audit_events').set({ success: 0 }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(store.db.deleteFrom('audit_events').execute()).rejects.toThrow(/append-only/);
    await store.close();
  });

  it('refuses a database in a folder that does not exist, saying what to fix', async () => {
    const error = await openStore('/nonexistent-passgate-dir/db.sqlite').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/folder \/nonexistent-passgate-dir does not exist/);
  });

  it('creates the database, WAL and SHM files readable by their owner only', async () => {
    const path = await tempPath();
    const previous = process.umask(0o022);
    try {
      const store = await openStore(path);
      await sql`insert into counters (key, count, window_start) values ('k', 1, 0)`.execute(store.db);
      expect(await modes(path)).toEqual(['600', '600', '600']);
      await store.close();
    } finally {
      process.umask(previous);
    }
  });

  it('tightens database files other accounts could read, and says so', async () => {
    const path = await tempPath();
    await (await openStore(path)).close();
    await chmod(path, 0o644);
    // Left behind by a crash of an older version: SQLite reuses them with the mode they have.
    await writeFile(`${path}-wal`, '', { mode: 0o644 });
    await writeFile(`${path}-shm`, '', { mode: 0o644 });
    const lines: string[] = [];
    const store = await openStore(path, { logger: warningsTo(lines) });
    expect(await modes(path)).toEqual(['600', '600', '600']);
    expect(lines.map((line) => JSON.parse(line).from)).toEqual(['644', '644', '644']);
    expect(lines.join('')).toContain('its mode is now 600');
    await store.close();
  });

  it('refuses a file that is not a SQLite database, and leaves it as it was', async () => {
    const path = await tempPath();
    await writeFile(path, 'name,email\nAnn,ann@example.org\n'.repeat(200), { mode: 0o644 });
    const error = await refusal(path);
    expect(error.message).toBe(
      `database: ${path} is not a SQLite database; point "database" at Passgate's database file, or at a path where it may create one`,
    );
    expect(await readFile(path, 'utf8')).toMatch(/^name,email/);
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('644');
  });

  it("refuses another application's SQLite database, and leaves it as it was", async () => {
    const path = await tempPath();
    const other = new SQLite(path);
    other.exec('create table contacts (id integer primary key, name text)');
    other.close();
    await chmod(path, 0o644);
    const error = await refusal(path);
    expect(error.message).toMatch(/^database: .* is not a Passgate database \(it has tables contacts but/);
    const after = new SQLite(path, { readonly: true });
    const tables = after.prepare("select name from sqlite_master where type = 'table'").all();
    expect(tables).toEqual([{ name: 'contacts' }]);
    // Not switched to WAL, not chmodded: nothing of the other application's was touched.
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
    expect(((await stat(path)).mode & 0o777).toString(8)).toBe('644');
  });

  it('refuses a database migrated by a newer Passgate, naming the migration it does not know', async () => {
    const path = await tempPath();
    await (await openStore(path)).close();
    const newer = new SQLite(path);
    newer
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('0099_future', '2030-01-01');
    newer.close();
    const error = await refusal(path);
    expect(error.message).toMatch(
      /^database: .* was migrated by a newer Passgate \(unknown migration 0099_future\); run that version/,
    );
  });

  it('rolls a migration that fails part-way back whole, so a later start migrates once the cause is gone', async () => {
    // A database an older Passgate left at 0010; its upgrade stops at 0011's last statement (an index
    // whose name a table already holds), as it would stop if the process were killed there.
    const path = await tempPath();
    const older = new SQLite(path);
    const olderDb = new Kysely<Database>({ dialect: sqliteDialect(older) });
    await runMigrations(olderDb, { upTo: '0010_admin_sessions' });
    await sql`create table graph_pauses_time (id integer)`.execute(olderDb);
    await olderDb.destroy();
    const before = schemaOf(path);
    const error = await refusal(path);
    expect(error.message).toMatch(/^database: migrating .* failed \(.*graph_pauses_time/);
    // None of 0011's indexes and tables, and nothing recorded: the schema is the one 0010 left.
    expect(schemaOf(path)).toEqual(before);
    const cleared = new SQLite(path);
    cleared.exec('drop table graph_pauses_time');
    cleared.close();
    const store = await openStore(path);
    expect(store.migrationsRun).toEqual([
      '0011_admin_console',
      '0012_method_cooling_off',
      '0013_user_locale',
      '0014_tenant_pause',
      '0015_job_reactivate',
      '0016_disabled_for',
      '0017_expired_at',
    ]);
    await store.close();
  });
});
