import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import { freePort } from '../support/free-port.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import { asSuperuser, createPostgresDatabase, testDialects } from '../support/test-database.js';

// A database the portal cannot use is refused at start with one line saying why, exit code 78
// (EX_CONFIG), and never the password from the URL. A command that only reads or changes what is there
// refuses a database without Passgate's schema too, and creates nothing in it.
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-pg-refusals-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(database: string, args: string[]): Promise<{ code: number; err: string; out: string }> {
  const config = join(dir, `passgate-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    config,
    `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
  );
  return cliInProcess([...args, '--config', config], { PASSGATE_SECRET_KEY: TEST_SECRET_KEY });
}

function usersList(database: string): Promise<{ code: number; err: string; out: string }> {
  return cli(database, ['users', 'list']);
}

/** The command that creates the schema: a read-only command refuses a database without it. */
function dbMigrate(database: string): Promise<{ code: number; err: string; out: string }> {
  return cli(database, ['db', 'migrate']);
}

async function tablesIn(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' order by 1",
    );
    return rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

describe.runIf(testDialects().includes('postgres'))('a PostgreSQL database the portal cannot use', () => {
  it('is refused when the server cannot be reached', async () => {
    const port = await freePort();
    const result = await usersList(`postgres://passgate:S3cret-In-Url@127.0.0.1:${port}/passgate`);
    expect(result.code).toBe(78);
    expect(result.err).toMatch(
      /^database: cannot use postgres:\/\/passgate:\*\*\*@127\.0\.0\.1:\d+\/passgate: the server cannot be reached \(ECONNREFUSED\)/,
    );
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).not.toContain('S3cret-In-Url');
  });

  it('is refused with a wrong password, without printing it', async () => {
    const url = new URL(await createPostgresDatabase('wrong_password'));
    url.password = 'Not-The-Password-42';
    const result = await usersList(url.toString());
    expect(result.code).toBe(78);
    expect(result.err).toMatch(/: the server refused the user name or password$/);
    expect(result.err).not.toContain('Not-The-Password-42');
  });

  it('is refused when the role may not create the tables', async () => {
    const url = new URL(await createPostgresDatabase('read_only'));
    const database = url.pathname.slice(1);
    await asSuperuser(database, [
      "CREATE ROLE passgate_reader LOGIN PASSWORD 'Reader-Pass-77'",
      `GRANT CONNECT ON DATABASE ${database} TO passgate_reader`,
    ]);
    url.username = 'passgate_reader';
    url.password = 'Reader-Pass-77';
    const result = await dbMigrate(url.toString());
    expect(result.code).toBe(78);
    expect(result.err).toMatch(/: the role lacks a right it needs/);
    expect(result.err).not.toContain('Reader-Pass-77');
  });

  it('works with a role that owns its database', async () => {
    const url = await createPostgresDatabase('working');
    expect(await dbMigrate(url)).toMatchObject({ code: 0, err: '' });
    expect(await usersList(url)).toEqual({ code: 0, err: '', out: '' });
  });

  it('is refused to a command that reads while it has no schema, which creates nothing', async () => {
    const url = await createPostgresDatabase('not_migrated');
    for (const args of [
      ['users', 'list'],
      ['users', 'show', 'ann@contoso.example'],
      ['audit', 'export'],
    ]) {
      const result = await cli(url, args);
      expect(result, args.join(' ')).toEqual({
        code: 78,
        out: '',
        err: expect.stringMatching(
          /^database: postgres:\/\/postgres:\*\*\*@\S+ has no Passgate schema yet; run passgate db migrate to create it$/,
        ),
      });
    }
    expect(await tablesIn(url)).toEqual([]);
    // users add may run on a new install before the portal first starts: it creates the schema.
    expect(await cli(url, ['users', 'add', 'ann@contoso.example', '--pending'])).toMatchObject({ code: 0 });
    expect((await usersList(url)).out).toMatch(/^ann@contoso\.example\tpending_activation\t/);
  });
});
