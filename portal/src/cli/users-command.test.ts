import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const SECRET_KEY = '5b0f3c8e91d24a7f6e3b2c1d0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7';
let dir: string;
let database: string;
let config: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-users-cli-'));
  database = join(dir, 'passgate.sqlite');
  config = join(dir, 'passgate.yaml');
  await writeFile(
    config,
    `publicUrl: https://passwords.contoso.example\ndatabase: ${JSON.stringify(database)}\n`,
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function users(args: string[], stdin = ''): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const input = Object.assign(Readable.from([stdin]), { isTTY: false }) as unknown as NodeJS.ReadStream;
  const code = await runCli(['users', ...args, '--config', config], {
    env: { PASSGATE_SECRET_KEY: SECRET_KEY },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    stdin: input,
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('usersCommand()', () => {
  it('checks the action, the e-mail, on|off and the options before anything is opened or created', async () => {
    const refused: [string[], RegExp][] = [
      [[], /^passgate users: expected: users add <email>/],
      [['frobnicate', 'ann@contoso.example'], /^passgate users: expected: users add <email>/],
      [['show'], /^passgate users: users show: expected an e-mail address, e\.g\. ann@contoso\.com$/],
      [['show', 'not-an-address'], /^passgate users: users show: expected an e-mail address/],
      [['unlock', 'ann'], /^passgate users: users unlock: expected an e-mail address/],
      [['list', 'ann@contoso.example'], /^passgate users: users list: unexpected ann@contoso\.example$/],
      [['show', 'ann@contoso.example', 'extra'], /^passgate users: users show: unexpected extra$/],
      [['list', '--name', 'Ann'], /^passgate users: users list: --name does not go with list$/],
      [
        ['expire', 'ann@contoso.example', '--json'],
        /^passgate users: users expire: --json does not go with expire$/,
      ],
      [['add', 'ann@contoso.example', '--json'], /^passgate users: users add: --json does not go with add$/],
      [['admin', 'ann@contoso.example'], /^passgate users: users admin <email> on\|off$/],
      [
        ['never-expires', 'ann@contoso.example', 'yes'],
        /^passgate users: users never-expires <email> on\|off$/,
      ],
      [
        ['add', 'ann@contoso.example', '--pending', '--password-stdin'],
        /^passgate users: users add: --pending takes no password$/,
      ],
      [['add', 'ann@contoso.example', '--name', 'Ann\tAdmin'], /^passgate users: users add --name: /],
      [
        ['add', 'ann@contoso.example', '--password-stdin'],
        /^passgate users: the password does not meet the policy: .*TOO_SHORT/,
      ],
    ];
    for (const [args, err] of refused) {
      const result = await users(args, 'short\n');
      expect(result, args.join(' ')).toMatchObject({ code: 2, out: '' });
      expect(result.err, args.join(' ')).toMatch(err);
      expect(result.err.split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(existsSync(database)).toBe(false);
  });

  it('still runs each action with its own arguments', async () => {
    expect((await users(['add', 'ann@contoso.example', '--name', 'Ann'])).out).toMatch(
      /^added ann@contoso\.example\ninitial password \(shown once\): \S{20}$/,
    );
    expect(await users(['never-expires', 'ann@contoso.example', 'on'])).toMatchObject({
      code: 0,
      out: 'ann@contoso.example: password never expires',
    });
    expect(JSON.parse((await users(['show', 'ann@contoso.example', '--json'])).out)).toMatchObject({
      email: 'ann@contoso.example',
      displayName: 'Ann',
      neverExpires: true,
    });
    expect((await users(['list', '--json'])).out).toContain('"email":"ann@contoso.example"');
  });
});
