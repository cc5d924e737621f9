import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliInProcess } from '../support/cli-in-process.js';
import { addEmulatedTenant } from '../support/emulated-tenant.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';

let emulator: M365Emulator;
let dir: string;
let config: string;
let env: Record<string, string>;

function cli(args: string[], stdin = ''): Promise<CliResult> {
  return cliInProcess([...args, '--config', config], env, stdin);
}

beforeAll(async () => {
  emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
  dir = await mkdtemp(join(tmpdir(), 'passgate-cli-'));
  config = join(dir, 'passgate.yaml');
  const { clientSecret, ...graph } = tenant.graph;
  await writeFile(
    config,
    `publicUrl: https://passwords.contoso.example\ndatabase: passgate.sqlite\ntenants:\n  - name: contoso\n    domains: [contoso.example]\n    graph: ${JSON.stringify(graph)}\n`,
  );
  env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY, PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: clientSecret };
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

describe('passgate (CLI)', () => {
  it('adds a user with a password from stdin, refuses a weak one, and lists and shows users', async () => {
    expect(
      await cli(
        ['users', 'add', 'ann@contoso.example', '--name', 'Ann', '--password-stdin'],
        'Harbour-Lantern-73!\n',
      ),
    ).toMatchObject({ code: 0 });
    const weak = await cli(['users', 'add', 'bob@contoso.example', '--password-stdin'], 'password\n');
    expect(weak.code).toBe(2);
    expect(weak.err).toMatch(/does not meet the policy: .*TOO_SHORT/);
    // Judged like every new password, the common-password list included (the CLI once skipped it).
    const common = await cli(['users', 'add', 'dee@contoso.example', '--password-stdin'], 'Password1234!\n');
    expect(common.code).toBe(2);
    expect(common.err).toMatch(/does not meet the policy: .*BANNED/);
    // A name with a tab or a line break would forge rows in `users list`: refused, as the import does.
    const forged = await cli([
      'users',
      'add',
      'eve@contoso.example',
      '--name',
      'Eve\nroot@contoso.example\tactive\tcontoso\tAdmin',
    ]);
    expect(forged.code).toBe(2);
    expect(forged.err).toContain('users add --name: the name holds a control character');
    const generated = await cli(['users', 'add', 'cy@contoso.example']);
    expect(generated.out).toMatch(/initial password \(shown once\): \S{20}/);
    expect(
      (await cli(['users', 'add', 'ann@contoso.example', '--password-stdin'], 'Harbour-Lantern-74!')).code,
    ).toBe(1);
    expect((await cli(['users', 'list'])).out.split('\n')).toEqual([
      expect.stringMatching(/^ann@contoso\.example\tactive\tcontoso\tAnn$/),
      expect.stringMatching(/^cy@contoso\.example\tactive\tcontoso\t$/),
    ]);
    const shown = await cli(['users', 'show', 'ANN@contoso.example']);
    expect(shown.out).toMatch(/tenant:\s+contoso/);
    expect(shown.out).toMatch(/pending job:\s+none/);
    expect((await cli(['users', 'show', 'nobody@contoso.example'])).code).toBe(1);
  });

  it('exports the audit log as JSON lines without passwords', async () => {
    const { code, out } = await cli(['audit', 'export']);
    expect(code).toBe(0);
    const events = out
      .split('\n')
      .map((line) => JSON.parse(line) as { event_type: string; resource: { username: string } });
    expect(events.map((e) => [e.event_type, e.resource.username])).toEqual([
      ['user_create', 'ann@contoso.example'],
      ['user_create', 'cy@contoso.example'],
    ]);
    expect(out).not.toContain('Harbour-Lantern-73!');
  });

  it('adds a pending user with a welcome mail, sets never-expires, unlocks, and refuses what does not apply', async () => {
    const added = await cli(['users', 'add', 'dee@contoso.example', '--pending', '--name', 'Dee']);
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain('welcome mail queued');
    expect(added.out).not.toMatch(/token=/);
    expect((await cli(['users', 'show', 'dee@contoso.example'])).out).toMatch(/status:\s+pending_activation/);
    expect((await cli(['users', 'send-activation', 'dee@contoso.example'])).code).toBe(0);
    expect(await cli(['users', 'never-expires', 'ann@contoso.example', 'on'])).toMatchObject({ code: 0 });
    expect((await cli(['users', 'show', 'ann@contoso.example'])).out).toContain('(password never expires)');
    expect(await cli(['users', 'unlock', 'ann@contoso.example'])).toMatchObject({
      code: 0,
      out: expect.stringContaining('was not locked'),
    });
    expect(await cli(['users', 'unsuspend', 'ann@contoso.example'])).toMatchObject({
      code: 1,
      err: expect.stringContaining('is not suspended'),
    });
    expect((await cli(['users', 'send-activation', 'ann@contoso.example'])).code).toBe(1);
    expect((await cli(['users', 'never-expires', 'ann@contoso.example', 'maybe'])).code).toBe(2);
  });

  it('checks each tenant and fails with Microsoft’s code when the secret is wrong', async () => {
    expect(await cli(['tenants', 'check'])).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^ok\s+contoso/),
    });
    env = { ...env, PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: 'wrong-secret' };
    expect(await cli(['tenants', 'check'])).toMatchObject({
      code: 1,
      out: expect.stringMatching(/^FAILED\s+contoso .*AUTH_FAILED/),
    });
  });

  it('refuses to start on a bad config, saying which field to fix', async () => {
    const saved = env;
    env = {};
    const result = await cli(['users', 'list']);
    env = saved;
    expect(result.code).toBe(78);
    expect(result.err).toMatch(/secretKey: required/);
  });

  it('refuses to serve a file that is not a Passgate database, in one line, with exit code 78', async () => {
    const saved = config;
    config = join(dir, 'wrong-database.yaml');
    await writeFile(join(dir, 'contacts.csv'), 'name,email\nAnn,ann@example.org\n');
    await writeFile(
      config,
      (await readFile(saved, 'utf8')).replace('database: passgate.sqlite', 'database: contacts.csv'),
    );
    const result = await cli(['serve']);
    config = saved;
    expect(result).toEqual({
      code: 78,
      out: '',
      err: expect.stringMatching(/^database: \S+contacts\.csv is not a SQLite database; [^\n]+$/),
    });
  });
});
