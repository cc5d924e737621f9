import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliInProcess } from '../support/cli-in-process.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';

let dir: string;
let config: string;
const env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY };

function cli(args: string[], stdin = ''): Promise<CliResult> {
  return cliInProcess([...args, '--config', config], env, stdin);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-admin-flag-'));
  config = join(dir, 'passgate.yaml');
  await writeFile(config, 'publicUrl: https://passwords.contoso.example\ndatabase: passgate.sqlite\n');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('passgate users admin', () => {
  it('marks an admin account, shows it and its recovery methods in users show, and audits the change', async () => {
    await cli(['users', 'add', 'ann@contoso.example', '--password-stdin'], 'Harbour-Lantern-73!\n');
    const shown = await cli(['users', 'show', 'ann@contoso.example']);
    expect(shown.out).toMatch(/admin account:\s+no/);
    expect(shown.out).toMatch(/recovery methods:\s+none/);

    expect(await cli(['users', 'admin', 'ann@contoso.example', 'on'])).toEqual({
      code: 0,
      out: 'ann@contoso.example: an admin account (always needs 2 recovery methods)',
      err: '',
    });
    expect((await cli(['users', 'admin', 'ann@contoso.example', 'on'])).out).toBe(
      'ann@contoso.example: already an admin account (always needs 2 recovery methods)',
    );
    expect((await cli(['users', 'show', 'ann@contoso.example'])).out).toMatch(
      /admin account:\s+yes \(always needs 2 recovery methods\)/,
    );
    const json = JSON.parse((await cli(['users', 'show', 'ann@contoso.example', '--json'])).out) as Record<
      string,
      unknown
    >;
    expect(json).toMatchObject({ isAdmin: true, recoveryMethods: [], recoveryCodesLeft: null });

    const audit = (await cli(['audit', 'export', '--user', 'ann@contoso.example'])).out.split('\n');
    expect(JSON.parse(audit.at(-1) ?? '{}')).toMatchObject({
      event_type: 'user_update',
      changes: [{ field: 'isAdmin', from: false, to: true }],
      initiated_by: { type: 'admin', id: 'cli' },
    });
    expect((await cli(['users', 'admin', 'ann@contoso.example', 'off'])).out).toBe(
      'ann@contoso.example: not an admin account',
    );
  });

  it('refuses a missing on|off and an unknown user', async () => {
    expect(await cli(['users', 'admin', 'ann@contoso.example'])).toMatchObject({ code: 2 });
    expect(await cli(['users', 'admin', 'ann@contoso.example', 'yes'])).toMatchObject({ code: 2 });
    expect(await cli(['users', 'admin', 'nobody@contoso.example', 'on'])).toMatchObject({ code: 1 });
  });
});
