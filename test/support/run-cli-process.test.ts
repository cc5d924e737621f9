import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliProcess } from './run-cli-process.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'passgate-run-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runCliProcess()', () => {
  it('kills a command that does not exit by its deadline and fails with what it printed', async () => {
    const script = join(dir, 'hangs.mjs');
    await writeFile(script, "console.log('listening');\nsetInterval(() => undefined, 1000);\n");
    const started = Date.now();
    await expect(runCliProcess([], {}, { script, deadlineMs: 3000 })).rejects.toThrow(
      /hangs\.mjs did not exit within 3000 ms; killed it\.\nstdout:\nlistening/,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it('gives the exit code and every line a command printed before it ended', async () => {
    const script = join(dir, 'fails.mjs');
    await writeFile(
      script,
      "process.stdout.write('x'.repeat(200000) + '\\nlast out\\n');\nprocess.stderr.write('last err\\n');\nprocess.exitCode = 2;\n",
    );
    const run = await runCliProcess([], {}, { script });
    expect(run.code).toBe(2);
    expect(run.out.endsWith('last out\n')).toBe(true);
    expect(run.err).toBe('last err\n');
  }, 30_000);
});
