import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** A throwaway PostgreSQL server for one test run: Debian's binaries, a temporary folder, a free port. */
export interface PostgresCluster {
  /** postgres://postgres:PASSWORD@127.0.0.1:PORT — add a database name (see createPostgresDatabase). */
  baseUrl: string;
  stop(): void;
}

/** Where Debian puts the server binaries (not on PATH), newest version first; null when not installed. */
export function findPostgresBin(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : join(root, versions[0], 'bin');
}

function ownerOf(path: string): { uid: number; gid: number } {
  const { uid, gid } = statSync(path);
  return { uid, gid };
}

/**
 * initdb + pg_ctl start into a temporary folder. As root (CI), they run as the `postgres` system user,
 * since initdb refuses root. TCP connections need a password (SCRAM), as on a real server, so a wrong
 * one can be tested. Unless `durable` (benchmarks), the cluster skips fsync: it holds nothing that must outlive the test run (portal
 * processes are killed in tests, the server never is).
 */
export async function startPostgresCluster(
  bin: string,
  options: { durable?: boolean } = {},
): Promise<PostgresCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'passgate-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot
      ? ['runuser', ['-u', 'postgres', '--', join(bin, command), ...args]]
      : [join(bin, command), args];
    execFileSync(file, argv, { stdio: 'pipe', cwd: dir });
  };
  const data = join(dir, 'data');
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const pwfile = join(dir, 'pwfile');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (asRoot) chownSync(pwfile, ownerOf(dir).uid, ownerOf(dir).gid);
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    `--pwfile=${pwfile}`,
    '--no-sync',
  ]);
  // durable (benchmarks): the server's defaults, so a commit waits for its WAL flush as in production.
  const unsafe = options.durable
    ? []
    : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'];
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    ...unsafe,
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', data, '-o', settings, '-l', join(dir, 'server.log'), '-w', 'start']);
  return {
    baseUrl: `postgres://postgres:${password}@127.0.0.1:${port}`,
    stop(): void {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
