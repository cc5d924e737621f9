import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * How long a command may run before it is killed: a command that never exits (a `serve` that hangs
 * instead of failing) must fail its test, under vitest's own 60 s, rather than hang the run.
 */
export const CLI_DEADLINE_MS = 45_000;

export interface CliRun {
  /** The exit code; null when a signal ended it. */
  code: number | null;
  out: string;
  err: string;
}

export interface RunCliOptions {
  /** Killed (SIGKILL) after this long, and the run rejected with what it printed (default CLI_DEADLINE_MS). */
  deadlineMs?: number;
  /** The script to run instead of `passgate` (portal/src/cli/main.ts), from the repository's root. */
  script?: string;
}

/**
 * Runs `passgate …` as a real process (TypeScript sources through tsx) and collects its output. Resolves
 * once it has exited and its output is read; rejects when it could not start, or did not end in time.
 * The environment is `env` alone, with PATH: nothing of the test process's own leaks in.
 */
export function runCliProcess(
  args: string[],
  env: Record<string, string>,
  options: RunCliOptions = {},
): Promise<CliRun> {
  const deadlineMs = options.deadlineMs ?? CLI_DEADLINE_MS;
  const script = options.script ?? 'portal/src/cli/main.ts';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@passgate/source', script, ...args],
    {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: 'portal/tsconfig.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      const printed = `stdout:\n${out}\nstderr:\n${err}`;
      reject(
        new Error(
          `${[script, ...args].join(' ')} did not exit within ${deadlineMs} ms; killed it.\n${printed}`,
        ),
      );
    }, deadlineMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close', not 'exit': the output is read to its end (a last line can arrive after 'exit').
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}
