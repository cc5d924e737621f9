import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { PASSGATE_BIN, REPO } from '../support/portal-process.js';

/** One life of the portal process, from spawn to its exit. */
export interface Incarnation {
  number: number;
  child: ChildProcess;
  pid: number;
  spawnedAt: number;
  /** When /healthz first answered 200; null while starting (or if it never did). */
  healthyAt: number | null;
  /** Everything it wrote (pino JSON lines at the configured level, and the CLI's own lines). */
  output: string[];
  /** How we ended it (SIGKILL or SIGTERM); null while we have not: any other exit is it dying by itself. */
  endedBy: 'kill' | 'stop' | null;
  /** Resolves with the exit code or signal name. */
  exited: Promise<number | string | null>;
  exit: number | string | null | undefined;
}

// Lives still running when the soak itself ends (an error, Ctrl-C): none may outlive it.
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Runs `passgate serve --config FILE` from the built sources. */
export function spawnPortal(number: number, configPath: string, env: Record<string, string>): Incarnation {
  const child = spawn(process.execPath, [PASSGATE_BIN, 'serve', '--config', configPath], {
    cwd: REPO,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error('the portal process could not be spawned');
  running.add(child);
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const incarnation: Incarnation = {
    number,
    child,
    pid: child.pid,
    spawnedAt: Date.now(),
    healthyAt: null,
    output,
    endedBy: null,
    exit: undefined,
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        running.delete(child);
        incarnation.exit = code ?? signal;
        resolve(code ?? signal);
      }),
    ),
  };
  return incarnation;
}

export function isAlive(incarnation: Incarnation): boolean {
  return incarnation.exit === undefined;
}

/** Polls /healthz until it answers 200, the process exits, or `timeoutMs` passes. */
export async function waitHealthy(
  incarnation: Incarnation,
  url: string,
  timeoutMs: number,
): Promise<'healthy' | 'exited' | 'timeout'> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive(incarnation)) return 'exited';
    if ((await healthStatus(url)) === 200) {
      incarnation.healthyAt = Date.now();
      return 'healthy';
    }
    if (Date.now() > end) return 'timeout';
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function healthStatus(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(`${url}/healthz`, { agent: false, timeout: 5_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** kill -9: no shutdown code runs, as with a crash or the OOM killer. */
export async function killPortal(incarnation: Incarnation): Promise<void> {
  incarnation.endedBy = 'kill';
  incarnation.child.kill('SIGKILL');
  await incarnation.exited;
}

/** SIGTERM and wait: the clean shutdown an admin's `systemctl stop` gives. */
export async function stopPortal(incarnation: Incarnation): Promise<number | string | null> {
  incarnation.endedBy = 'stop';
  if (isAlive(incarnation)) incarnation.child.kill('SIGTERM');
  return incarnation.exited;
}

/** The process's resident set size in KiB, from /proc (Linux); null when it cannot be read. */
export function rssKiB(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? null : Number(match[1]);
  } catch {
    return null;
  }
}
