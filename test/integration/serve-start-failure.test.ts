import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY } from '../support/start-portal.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

let dir = '';
let taken: Server;
let takenPort = 0;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-serve-'));
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  // A serve that did not exit (the bug) must not outlive the test run.
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** `passgate serve` as a real process; resolves when it exits (never on a timer). */
async function serve(yaml: string): Promise<{ code: number | null; out: string; err: string }> {
  const config = join(dir, `passgate-${children.length}.yaml`);
  await writeFile(config, yaml);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@passgate/source',
      'portal/src/cli/main.ts',
      'serve',
      '--config',
      config,
    ],
    {
      cwd: REPO,
      env: {
        PATH: process.env.PATH ?? '',
        TSX_TSCONFIG_PATH: 'portal/tsconfig.json',
        PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, out, err };
}

function base(index: number): string {
  return `publicUrl: https://passwords.contoso.example\ndatabase: serve-${index}.sqlite\nhost: 127.0.0.1\n`;
}

describe('passgate serve', () => {
  it('exits non-zero with one LISTEN_FAILED line when its port is already taken', async () => {
    const { code, err } = await serve(`${base(0)}port: ${takenPort}\n`);
    expect(code).toBe(1);
    const lines = err.trim().split('\n');
    expect(lines.at(-1)).toBe(
      `passgate serve: LISTEN_FAILED: cannot listen on 127.0.0.1:${takenPort}: EADDRINUSE, address already in use (another process listens there)`,
    );
    expect(err).not.toMatch(/\n\s+at /);
  }, 60_000);
});
