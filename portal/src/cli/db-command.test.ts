import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from '../../test-support/closed-port.js';
import type { Database } from '../store/database-schema.js';
import { migrationProvider } from '../store/migrations.js';
import { openStore } from '../store/open-store.js';
import { sqliteDialect } from '../store/sqlite-dialect.js';
import { runCli } from './run-cli.js';

const SECRET_KEY = '5b0f3c8e91d24a7f6e3b2c1d0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-db-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A config file whose database is `database` (a path in the test folder, or a URL). */
async function configFor(database: string): Promise<string> {
  const file = join(dir, `passgate-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    file,
    `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
  );
  return file;
}

async function db(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const stdin = Object.assign(Readable.from(['']), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const code = await runCli(['db', ...args], {
    env: { PASSGATE_SECRET_KEY: SECRET_KEY, ...env },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A database as an older Passgate left it: migrated only up to `last`. */
async function databaseAt(last: string): Promise<string> {
  const path = join(dir, `old-${last}-${Math.random().toString(36).slice(2)}.sqlite`);
  // Owner-only from the start, as the portal makes it (-wal and -shm take this mode): no warnings.
  await writeFile(path, '', { mode: 0o600 });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  const kysely = new Kysely<Database>({ dialect: sqliteDialect(sqlite) });
  const { error } = await new Migrator({ db: kysely, provider: migrationProvider }).migrateTo(last);
  await kysely.destroy();
  if (error !== undefined) throw error;
  return path;
}

describe('passgate db check and db migrate', () => {
  it('reports pending migrations with exit 1 without running them, then migrate runs them and says which', async () => {
    const path = await databaseAt('0002_account_states');
    const config = await configFor(path);
    expect(await db(['check', '--config', config])).toEqual({
      code: 1,
      out: [
        `database  sqlite ${path}`,
        'schema    0002_account_states',
        'pending   0003_credential_version, 0004_password_drift, 0005_recovery_methods, 0006_used_challenges, 0007_extension_installs, 0008_passkey_challenges, 0009_reset_flows, 0010_admin_sessions, 0011_admin_console, 0012_method_cooling_off, 0013_user_locale, 0014_tenant_pause, 0015_job_reactivate, 0016_disabled_for, 0017_expired_at (run: passgate db migrate)',
      ].join('\n'),
      err: '',
    });
    // Still pending: check migrated nothing.
    expect((await db(['check', '--config', config])).code).toBe(1);
    expect(await db(['migrate', '--config', config])).toEqual({
      code: 0,
      out: [
        'ran       0003_credential_version',
        'ran       0004_password_drift',
        'ran       0005_recovery_methods',
        'ran       0006_used_challenges',
        'ran       0007_extension_installs',
        'ran       0008_passkey_challenges',
        'ran       0009_reset_flows',
        'ran       0010_admin_sessions',
        'ran       0011_admin_console',
        'ran       0012_method_cooling_off',
        'ran       0013_user_locale',
        'ran       0014_tenant_pause',
        'ran       0015_job_reactivate',
        'ran       0016_disabled_for',
        'ran       0017_expired_at',
        `database  sqlite ${path}`,
        'schema    0017_expired_at',
      ].join('\n'),
      err: '',
    });
    expect(await db(['check', '--config', config])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/\npending {3}none$/),
    });
    expect((await db(['migrate', '--config', config])).out).toMatch(
      /^nothing to run: the schema is current\n/,
    );
  });

  it('migrates a new database from nothing, naming every migration', async () => {
    const result = await db(['migrate', '--config', await configFor(join(dir, 'new.sqlite'))]);
    expect(result.code).toBe(0);
    expect(result.out.split('\n').slice(0, 8)).toEqual([
      'ran       0001_initial',
      'ran       0002_account_states',
      'ran       0003_credential_version',
      'ran       0004_password_drift',
      'ran       0005_recovery_methods',
      'ran       0006_used_challenges',
      'ran       0007_extension_installs',
      'ran       0008_passkey_challenges',
    ]);
  });

  it('refuses with exit 78 a database file that does not exist, and does not create it', async () => {
    const path = join(dir, 'missing.sqlite');
    const result = await db(['check', '--config', await configFor(path)]);
    expect(result).toEqual({
      code: 78,
      out: '',
      err: `database: ${path} does not exist; check "database" in the config (passgate db migrate creates it)`,
    });
    expect(existsSync(path)).toBe(false);
  });

  it('refuses with exit 78 a file that is not a Passgate database', async () => {
    const path = join(dir, 'notes.txt');
    await writeFile(path, 'not a database at all, just some notes\n');
    const result = await db(['check', '--config', await configFor(path)]);
    expect(result.code).toBe(78);
    expect(result.err).toMatch(/is not a SQLite database/);
  });
});

describe('passgate db backup', () => {
  it('writes a 0600 copy holding the rows, and never replaces an existing file', async () => {
    const path = join(dir, 'backed.sqlite');
    const store = await openStore(path);
    await store.db
      .insertInto('counters')
      .values({ key: 'k', count: 3, window_start: 1, locked_until: null })
      .execute();
    await store.close();
    const config = await configFor(path);
    const out = join(dir, 'backup-1.sqlite');
    const result = await db(['backup', '--out', out, '--config', config]);
    expect(result).toMatchObject({
      code: 0,
      out: expect.stringMatching(
        /^backed up \S+backed\.sqlite to \S+backup-1\.sqlite \(\d+ pages, mode 600\)$/,
      ),
    });
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const copy = new SQLite(out, { readonly: true });
    expect(copy.prepare('select count from counters where key = ?').get('k')).toEqual({ count: 3 });
    copy.close();

    const before = await readFile(out);
    expect(await db(['backup', '--out', out, '--config', config])).toEqual({
      code: 1,
      out: '',
      err: `passgate db backup: ${out} already exists; a backup never replaces a file: choose a new name`,
    });
    expect((await readFile(out)).equals(before)).toBe(true);
    expect(
      await db(['backup', '--out', join(dir, 'no-such-folder', 'b.sqlite'), '--config', config]),
    ).toMatchObject({
      code: 1,
      err: expect.stringMatching(/^passgate db backup: the folder \S+no-such-folder does not exist$/),
    });
  });

  it('refuses PostgreSQL without connecting, pointing at pg_dump, without the password', async () => {
    const url = `postgres://passgate:Backup-Secret-19@127.0.0.1:${await closedPort()}/passgate`;
    const result = await db(['backup', '--out', join(dir, 'pg.sql'), '--config', await configFor(url)]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^passgate db: backup: postgres:\/\/passgate:\*\*\*@127\.0\.0\.1:\d+\/passgate is PostgreSQL; back it up with pg_dump/,
    );
    expect(result.err).not.toContain('Backup-Secret-19');
  });
});

describe('passgate db (usage)', () => {
  it('refuses a missing or unknown action, a misplaced option and a missing --out with exit 2', async () => {
    const config = await configFor(join(dir, 'usage.sqlite'));
    for (const args of [
      [],
      ['vacuum'],
      ['check', '--out', 'x.sqlite'],
      ['migrate', '--to', 'postgres://h/d'],
      ['backup'],
    ]) {
      const result = await db([...args, '--config', config]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err.split('\n')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'usage.sqlite'))).toBe(false);
  });

  it('refuses a copy target that is missing, not PostgreSQL, or named twice, never echoing it', async () => {
    const config = await configFor(join(dir, 'source.sqlite'));
    expect((await db(['copy', '--config', config])).err).toBe(
      'passgate db: copy: expected the target in PASSGATE_DB_COPY_TO (or --to postgres://…)',
    );
    const mysql = await db(['copy', '--config', config], { PASSGATE_DB_COPY_TO: 'mysql://u:Hidden-77@h/d' });
    expect(mysql).toMatchObject({
      code: 2,
      err: expect.stringContaining('expected the target as a PostgreSQL URL'),
    });
    expect(mysql.err).not.toContain('Hidden-77');
    const twice = await db(['copy', '--to', 'postgres://u@a/d', '--config', config], {
      PASSGATE_DB_COPY_TO: 'postgres://u:Hidden-78@b/d',
    });
    expect(twice).toMatchObject({ code: 2, err: expect.stringContaining('name different targets') });
    expect(twice.err).not.toContain('Hidden-78');
  });

  it('refuses to copy when the configured database is PostgreSQL already', async () => {
    const config = await configFor(
      `postgres://passgate:Source-Secret-3@127.0.0.1:${await closedPort()}/passgate`,
    );
    const result = await db(['copy', '--config', config], {
      PASSGATE_DB_COPY_TO: 'postgres://u@127.0.0.1/d',
    });
    expect(result).toMatchObject({ code: 2, err: expect.stringContaining('is PostgreSQL already') });
    expect(result.err).not.toContain('Source-Secret-3');
  });
});
