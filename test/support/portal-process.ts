import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The built `passgate` command (portal/bin launches portal/dist): it starts in about a third of the time tsx takes. */
export const PASSGATE_BIN = 'portal/bin/passgate.js';

export interface PortalProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr (pino JSON lines and the CLI's own lines). */
  output: string[];
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<number | string | null>;
  /** kill -9: no shutdown code runs, exactly like a crash or the OOM killer. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs `passgate serve --config FILE` as a real child process, from the built command as an admin runs it
 * (the test projects' global setup and the benchmarks bring portal/dist up to date first: build-portal.ts),
 * and resolves once it listens at `url`. `nodeArgs` are Node flags for the process, for those NODE_OPTIONS
 * refuses (V8's --optimize-for-size).
 */
export function startPortalProcess(
  configPath: string,
  env: Record<string, string>,
  url: string,
  nodeArgs: readonly string[] = [],
): Promise<PortalProcess> {
  return startProcess([...nodeArgs, PASSGATE_BIN, 'serve', '--config', configPath], env, url);
}

/**
 * Runs a TypeScript entry point of this repository (path from its root) through tsx, for what has no
 * build of its own (the demo), and waits until `url`/healthz answers.
 */
export function startSourceProcess(
  entry: string,
  args: string[],
  env: Record<string, string>,
  url: string,
): Promise<PortalProcess> {
  // The portal's tsconfig (JSX for Preact) rather than the root one, which has no compiler options.
  return startProcess(['--import', 'tsx', '--conditions=@passgate/source', entry, ...args], env, url, {
    TSX_TSCONFIG_PATH: 'portal/tsconfig.json',
  });
}

async function startProcess(
  argv: readonly string[],
  env: Record<string, string>,
  url: string,
  loaderEnv: Record<string, string> = {},
): Promise<PortalProcess> {
  const child = spawn(process.execPath, argv, {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...loaderEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${url}/healthz`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the portal process did not start:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    output,
    exited,
    async crash(): Promise<void> {
      child.kill('SIGKILL');
      await exited;
    },
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
