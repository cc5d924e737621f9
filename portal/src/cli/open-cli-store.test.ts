import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser } from '../accounts/user-directory.js';
import type { Database } from '../store/database-schema.js';
import { migrationProvider } from '../store/migrations.js';
import { openStore } from '../store/open-store.js';
import { sqliteDialect } from '../store/sqlite-dialect.js';
import { runCli } from './run-cli.js';

const SECRET_KEY = '5b0f3c8e91d24a7f6e3b2c1d0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7';
const OLD_SCHEMA = '0002_account_states';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-cli-store-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function freshPath(label: string): string {
  return join(dir, `${label}-${Math.random().toString(36).slice(2)}.sqlite`);
}

/** Runs `passgate …` in-process with a config whose database is `database`. */
async function cli(
  database: string,
  args: string[],
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  const config = join(dir, `passgate-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    config,
    `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
  );
  const out: string[] = [];
  const err: string[] = [];
  const input = Object.assign(Readable.from([stdin]), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const code = await runCli([...args, '--config', config], {
    env: { PASSGATE_SECRET_KEY: SECRET_KEY },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: input,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A database as an older Passgate left it: migrated only up to OLD_SCHEMA. */
async function olderDatabase(): Promise<string> {
  const path = freshPath('older');
  await writeFile(path, '', { mode: 0o600 });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  const kysely = new Kysely<Database>({ dialect: sqliteDialect(sqlite) });
  const { error } = await new Migrator({ db: kysely, provider: migrationProvider }).migrateTo(OLD_SCHEMA);
  await kysely.destroy();
  if (error !== undefined) throw error;
  return path;
}

function appliedMigrations(path: string): string[] {
  const sqlite = new SQLite(path, { readonly: true });
  try {
    return (
      sqlite.prepare('select name from kysely_migration order by name').all() as { name: string }[]
    ).map((row) => row.name);
  } finally {
    sqlite.close();
  }
}

const READERS: readonly (readonly string[])[] = [
  ['users', 'list'],
  ['users', 'show', 'ann@contoso.example'],
  ['users', 'unlock', 'ann@contoso.example'],
  ['users', 'never-expires', 'ann@contoso.example', 'on'],
  ['audit', 'export'],
  ['extension', 'coverage'],
];
/** Reads only, yet answers on a new install (against an empty database in memory); refused on an older one. */
const DRY_RUN_IMPORT = ['users', 'import', '--csv', 'PEOPLE', '--dry-run'];

describe('openCliStore() (every command but serve and db)', () => {
  let people: string;
  beforeAll(async () => {
    people = join(dir, 'people.csv');
    await writeFile(people, 'email,name\nbob@contoso.example,Bob\n');
  });
  const withCsv = (args: readonly string[]): string[] => args.map((arg) => (arg === 'PEOPLE' ? people : arg));

  it('refuses a database file that does not exist with exit 78, naming it, and does not create it', async () => {
    const path = join(dir, 'pasgate.sqlite');
    for (const args of READERS) {
      expect(await cli(path, withCsv(args)), args.join(' ')).toEqual({
        code: 78,
        out: '',
        err: `database: ${path} does not exist; check "database" in the config (passgate db migrate creates it)`,
      });
    }
    expect(existsSync(path)).toBe(false);
  });

  it('refuses a database an older Passgate left, saying to run db migrate, and does not migrate it', async () => {
    const path = await olderDatabase();
    for (const args of [...READERS, DRY_RUN_IMPORT, ['users', 'add', 'ann@contoso.example']]) {
      expect(await cli(path, withCsv(args)), args.join(' ')).toEqual({
        code: 78,
        out: '',
        err: `database: ${path} is at schema ${OLD_SCHEMA} and lacks ${Object.keys(await migrationProvider.getMigrations()).length - 2} migrations of this Passgate's; run passgate db migrate first (see "Upgrades" in docs/admin.md)`,
      });
    }
    expect(appliedMigrations(path)).toEqual(['0001_initial', OLD_SCHEMA]);
    // Once migrated, the same commands work.
    expect((await cli(path, ['db', 'migrate'])).code).toBe(0);
    expect(await cli(path, ['users', 'list'])).toEqual({ code: 0, out: '', err: '' });
  });

  it('refuses an empty file to the commands that read, saying to run db migrate, and leaves it empty', async () => {
    const path = freshPath('empty');
    await writeFile(path, '', { mode: 0o600 });
    expect(await cli(path, ['users', 'list'])).toEqual({
      code: 78,
      out: '',
      err: `database: ${path} has no Passgate schema yet; run passgate db migrate to create it`,
    });
    expect(await cli(path, ['db', 'check'])).toMatchObject({
      code: 1,
      out: expect.stringContaining('schema    none'),
    });
  });

  it('lets users add and users import create a new database, as on a new install before the first serve', async () => {
    const added = freshPath('added');
    expect(
      await cli(added, ['users', 'add', 'ann@contoso.example', '--password-stdin'], 'Harbour-Lantern-73!\n'),
    ).toEqual({ code: 0, out: 'added ann@contoso.example', err: '' });
    expect((await cli(added, ['users', 'list'])).out).toMatch(/^ann@contoso\.example\tactive\t-\t$/);
    expect((await cli(added, ['db', 'check'])).code).toBe(0);

    const imported = freshPath('imported');
    expect((await cli(imported, ['users', 'import', '--csv', people])).code).toBe(0);
    expect((await cli(imported, ['users', 'list'])).out).toMatch(
      /^bob@contoso\.example\tpending_activation\t/,
    );

    // A file made empty for Passgate (touch) is new too.
    const touched = freshPath('touched');
    await writeFile(touched, '', { mode: 0o600 });
    expect((await cli(touched, ['users', 'add', 'dee@contoso.example', '--pending'])).code).toBe(0);
    expect((await cli(touched, ['db', 'check'])).code).toBe(0);
  });

  it('lets users import --dry-run check a CSV on a new install, saying so, and creates or writes nothing', async () => {
    const folder = join(dir, `new-install-${Math.random().toString(36).slice(2)}`);
    await mkdir(folder);
    const path = join(folder, 'passgate.sqlite');
    const text = await cli(path, withCsv(DRY_RUN_IMPORT));
    expect(text).toMatchObject({ code: 0, err: '' });
    expect(text.out.split('\n')).toEqual([
      'would create\tbob@contoso.example\tBob\tline 2',
      '',
      'Dry run: nothing was written.',
      `CSV file ${people}: 1 read`,
      '  would create         1  as pending_activation',
      '  already present      0  left as they are',
      '  skipped              0',
      `New install: there is no Passgate database at ${path} yet, so no one is already present and every address not skipped would be created; the import without --dry-run creates the database.`,
    ]);
    const json = await cli(path, [...withCsv(DRY_RUN_IMPORT), '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      dryRun: true,
      newInstall: true,
      complete: true,
      counts: { read: 1, created: 1, alreadyPresent: 0, skipped: 0 },
    });
    // No database file, no -wal or -shm beside it.
    expect(await readdir(folder)).toEqual([]);

    // A file made empty for Passgate (touch) is new too, and stays as it was: empty, its mode unchanged.
    const touched = join(folder, 'touched.sqlite');
    await writeFile(touched, '', { mode: 0o644 });
    await chmod(touched, 0o644);
    expect(JSON.parse((await cli(touched, [...withCsv(DRY_RUN_IMPORT), '--json'])).out)).toMatchObject({
      newInstall: true,
      counts: { created: 1 },
    });
    expect(await readdir(folder)).toEqual(['touched.sqlite']);
    expect(await stat(touched)).toMatchObject({ size: 0, mode: 0o100644 });
  });

  // Opening writes (the files' modes, the switch to WAL, a checkpoint): a dry run must no more open a
  // database with no table in it than an empty file, however it was made.
  it('leaves an empty SQLite database as it was on a dry run, which answers as on a new install', async () => {
    const folder = join(dir, `empty-database-${Math.random().toString(36).slice(2)}`);
    await mkdir(folder);
    // Switched to WAL by the sqlite3 shell (or a serve stopped before its first migration), readable by all;
    const wal = join(folder, 'wal.sqlite');
    const walMade = new SQLite(wal);
    walMade.pragma('journal_mode = WAL');
    walMade.close();
    await chmod(wal, 0o644);
    // and in the rollback journal's mode, its one table dropped (a free page left).
    const rollback = join(folder, 'rollback.sqlite');
    const rollbackMade = new SQLite(rollback);
    rollbackMade.exec('create table t (a); drop table t');
    rollbackMade.close();
    await chmod(rollback, 0o600);
    for (const path of [wal, rollback]) {
      const before = { bytes: await readFile(path), mode: (await stat(path)).mode };
      const json = await cli(path, [...withCsv(DRY_RUN_IMPORT), '--json']);
      expect(json, path).toMatchObject({ code: 0, err: '' });
      expect(JSON.parse(json.out)).toMatchObject({ newInstall: true, counts: { created: 1 } });
      expect({ bytes: await readFile(path), mode: (await stat(path)).mode }, path).toEqual(before);
    }
    expect((await readdir(folder)).sort()).toEqual(['rollback.sqlite', 'wal.sqlite']);
    // The import itself gives it the whole schema, as it does an empty file.
    expect((await cli(wal, ['users', 'import', '--csv', people])).code).toBe(0);
    expect((await cli(wal, ['users', 'list'])).out).toMatch(/^bob@contoso\.example\tpending_activation\t/);
  });

  // While a serve has the database open, its tables and people may still be only in the -wal: the file's
  // first page then lists no table, and only opening the database tells.
  it('says a dry run on a database another process has open is no new install, its people present', async () => {
    const path = freshPath('held');
    const held = await openStore(path);
    try {
      await addUser(held.db, { email: 'bob@contoso.example', password: null }, new Date());
      expect(existsSync(`${path}-wal`)).toBe(true);
      expect(JSON.parse((await cli(path, [...withCsv(DRY_RUN_IMPORT), '--json'])).out)).toMatchObject({
        newInstall: false,
        counts: { created: 0, alreadyPresent: 1 },
      });
    } finally {
      await held.close();
    }
  });

  it('refuses users import --dry-run where the database folder does not exist, as the import would be', async () => {
    const path = join(dir, 'no-such-folder', 'passgate.sqlite');
    expect(await cli(path, withCsv(DRY_RUN_IMPORT))).toEqual({
      code: 78,
      out: '',
      err: `database: the folder ${join(dir, 'no-such-folder')} does not exist; create it or point "database" elsewhere`,
    });
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });

  it('says a dry run on a current database is no new install', async () => {
    const path = freshPath('dry-current');
    await (await openStore(path)).close();
    expect(JSON.parse((await cli(path, [...withCsv(DRY_RUN_IMPORT), '--json'])).out)).toMatchObject({
      newInstall: false,
      counts: { created: 1 },
    });
  });

  it('opens a current database without changing its schema', async () => {
    const path = freshPath('current');
    const store = await openStore(path);
    await store.close();
    expect(await cli(path, ['users', 'show', 'nobody@contoso.example'])).toEqual({
      code: 1,
      out: '',
      err: 'no user nobody@contoso.example',
    });
  });
});
