import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Debian's nginx: in /usr/sbin, which is not on a normal user's PATH. */
export function findNginx(): string | null {
  const candidates = [
    '/usr/sbin/nginx',
    ...(process.env.PATH ?? '').split(':').map((dir) => join(dir, 'nginx')),
  ];
  return candidates.find((path) => path !== '/nginx' && existsSync(path)) ?? null;
}

export interface NginxProcess {
  child: ChildProcess;
  /** What nginx wrote to its error log so far. */
  errorLog(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Runs nginx in the foreground with `httpConf` (blocks for the http context) in a main config of its
 * own: every path it writes (pid, logs, temp files) is under `dir`, nothing of the system's is read.
 */
export async function startNginx(bin: string, dir: string, httpConf: string): Promise<NginxProcess> {
  // nginx's workers drop to `nobody` when started as root: they must reach the temp folders it makes.
  await chmod(dir, 0o755);
  await mkdir(join(dir, 'temp'), { recursive: true });
  const errorLogPath = join(dir, 'error.log');
  const temp = (name: string): string => `${name}_temp_path ${join(dir, 'temp', name)};`;
  const main = [
    `error_log ${errorLogPath} info;`,
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    `  access_log ${join(dir, 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${temp(name)}`),
    httpConf,
    '}',
    '',
  ].join('\n');
  const mainPath = join(dir, 'nginx.conf');
  await writeFile(mainPath, main);
  const child = spawn(
    bin,
    ['-p', dir, '-e', errorLogPath, '-c', mainPath, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = async (): Promise<string> =>
    `${output.join('')}${await readFile(errorLogPath, 'utf8').catch(() => '')}`;
  return {
    child,
    errorLog,
    async stop(): Promise<void> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
