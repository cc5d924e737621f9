import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliInProcess } from '../support/cli-in-process.js';
import { freePort } from '../support/free-port.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import { asSuperuser, createPostgresDatabase, testDialects } from '../support/test-database.js';

// A database the portal cannot use is refused at start with one line saying why, exit code 78
// (EX_CONFIG), and never the password from the URL.
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-pg-refusals-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function usersList(database: string): Promise<{ code: number; err: string; out: string }> {
  const config = join(dir, `passgate-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(
    config,
    `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
  );
  return cliInProcess(['users', 'list', '--config', config], { PASSGATE_SECRET_KEY: TEST_SECRET_KEY });
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
    const result = await usersList(url.toString());
    expect(result.code).toBe(78);
    expect(result.err).toMatch(/: the role lacks a right it needs/);
    expect(result.err).not.toContain('Reader-Pass-77');
  });

  it('works with a role that owns its database', async () => {
    const result = await usersList(await createPostgresDatabase('working'));
    expect(result).toMatchObject({ code: 0, err: '' });
  });
});
