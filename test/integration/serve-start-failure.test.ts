import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCliProcess } from '../support/run-cli-process.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';

let dir = '';
let taken: Server;
let takenPort = 0;
let configs = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-serve-'));
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => taken.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/**
 * `passgate serve` as a real process; resolves when it exits. A serve that keeps running instead (the
 * bug this guards against) is killed at the deadline and fails the test, well within its own timeout.
 */
async function serve(yaml: string): Promise<CliRun> {
  const config = join(dir, `passgate-${configs}.yaml`);
  configs += 1;
  await writeFile(config, yaml);
  return runCliProcess(
    ['serve', '--config', config],
    { PASSGATE_SECRET_KEY: TEST_SECRET_KEY },
    { deadlineMs: 40_000 },
  );
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
