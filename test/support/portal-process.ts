import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

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
 * Runs `passgate serve --config FILE` as a real child process (from the TypeScript sources through tsx)
 * and resolves once it listens at `url`.
 */
export function startPortalProcess(
  configPath: string,
  env: Record<string, string>,
  url: string,
  nodeArgs: readonly string[] = [],
): Promise<PortalProcess> {
  return startSourceProcess('portal/src/cli/main.ts', ['serve', '--config', configPath], env, url, nodeArgs);
}

/**
 * Runs a TypeScript entry point of this repository (path from its root) and waits until `url`/healthz answers.
 * `nodeArgs` are Node flags for the process, for those NODE_OPTIONS refuses (V8's --optimize-for-size).
 */
export async function startSourceProcess(
  entry: string,
  args: string[],
  env: Record<string, string>,
  url: string,
  nodeArgs: readonly string[] = [],
): Promise<PortalProcess> {
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', '--conditions=@passgate/source', entry, ...args],
    // The portal's tsconfig (JSX for Preact) rather than the root one, which has no compiler options.
    {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', TSX_TSCONFIG_PATH: 'portal/tsconfig.json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
