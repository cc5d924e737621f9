import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  ['users', 'import', '--csv', 'PEOPLE', '--dry-run'],
  ['audit', 'export'],
  ['extension', 'coverage'],
];

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
    for (const args of [...READERS, ['users', 'add', 'ann@contoso.example']]) {
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
