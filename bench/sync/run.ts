/**
 * Drains queued password jobs against the Microsoft 365 emulator throttled at Entra's write limit scaled
 * down (300 writes per 15 s), and reports the achieved write rate as a fraction of what the limit
 * allows, plus lost, duplicated and out-of-order applications.
 *
 *   npm run bench:sync -- [jobs=10000] [concurrency=4] [--database sqlite|postgres] [--workers N]
 *
 * By default one worker runs in this process. `--workers N` runs N worker processes instead (each the
 * portal's own worker with `concurrency` jobs at once: bench/sync/worker-process.ts) on one database, as
 * several portal instances do; `--database postgres` puts it in a throwaway PostgreSQL cluster with the
 * server's durable defaults. What Microsoft 365 received, and in which order, is read from the emulator.
 *
 * Half the jobs are queued up front (one per user); the other half are second changes for the same
 * users, queued while the queue drains, so some supersede a waiting job and some follow an applied one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createM365Client } from '@passgate/core/graph';
import { createLogger, openStore } from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { createSealer } from '../../portal/src/crypto/sealer.js';
import { enqueueSetPassword } from '../../portal/src/sync/enqueue-set-password.js';
import { createSyncWorker } from '../../portal/src/sync/sync-worker.js';
import { addEmulatedTenant } from '../../test/support/emulated-tenant.js';
import { benchDialect, createBenchDatabase } from '../support/bench-database.js';

const args = process.argv.slice(2);
const positional = args.filter((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--'));
const jobs = Number(positional[0] ?? 10_000);
const concurrency = Number(positional[1] ?? 4);
const dialect = benchDialect(args);
const workerProcesses = args.includes('--workers') ? Number(args[args.indexOf('--workers') + 1]) : 0;
const LIMIT = { writes: 300, perMs: 15_000 };
const WORKER = fileURLToPath(new URL('./worker-process.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Starts a worker process (worker-process.ts) and resolves once its worker runs. */
function startWorkerProcess(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@passgate/source', WORKER], {
    cwd: REPO,
    env: { ...process.env, TSX_TSCONFIG_PATH: 'portal/tsconfig.json', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`a worker process ended before it was ready (${code})`)));
  });
}

async function main(): Promise<void> {
  const emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
  const dir = await mkdtemp(join(tmpdir(), 'passgate-bench-sync-'));
  const { database, cluster } = await createBenchDatabase(dialect, dir);
  const store = await openStore(database);
  const userCount = Math.ceil(jobs / 2);
  const users = Array.from({ length: userCount }, (_, i) => ({
    id: randomUUID(),
    email: `user${i}@contoso.example`,
  }));
  const now = Date.now();
  for (const user of users) {
    // The hash is a placeholder: this bench measures the queue, not argon2.
    await store.db
      .insertInto('users')
      .values({
        id: user.id,
        email: user.email,
        display_name: null,
        password_hash: 'x',
        status: 'active',
        password_changed_at: now,
        user_changed_at: null,
        created_at: now,
        last_synced_at: null,
        last_sync_error: null,
      })
      .execute();
    emulator.addUser(tenant.tenantId, { userPrincipalName: user.email, password: 'Harbour-Lantern-73!' });
  }
  const outboxKey = randomBytes(32);
  const sealer = createSealer(outboxKey, 'outbox');
  const enqueue = async (user: { id: string; email: string }, n: number): Promise<void> => {
    const password = `Bench-${user.email.split('@')[0]}-${n}-Aa!`;
    await store.db.transaction().execute((trx) =>
      enqueueSetPassword(
        trx,
        {
          jobId: randomUUID(),
          userId: user.id,
          tenant: 'contoso',
          upn: user.email,
          password,
          passwordHash: `h${n}`,
          correlationId: randomUUID(),
          enableAccount: false,
          now: Date.now(),
        },
        sealer,
      ),
    );
  };

  emulator.setThrottle(LIMIT);
  const client = createM365Client(tenant.graph);
  const worker =
    workerProcesses > 0
      ? null
      : createSyncWorker({
          db: store.db,
          clients: new Map([['contoso', client]]),
          sealer,
          walScrubber: store.walScrubber,
          logger: createLogger({ level: 'error' }),
          now: () => new Date(),
          concurrency,
          leaseMs: 60_000,
          pollIntervalMs: 100,
          maxBackoffMs: 300_000,
        });

  for (const user of users) await enqueue(user, 1);
  const processes = await Promise.all(
    Array.from({ length: workerProcesses }, () =>
      startWorkerProcess({
        PASSGATE_BENCH_DATABASE: database,
        PASSGATE_BENCH_OUTBOX_KEY: outboxKey.toString('hex'),
        PASSGATE_BENCH_GRAPH: JSON.stringify(tenant.graph),
        PASSGATE_BENCH_CONCURRENCY: String(concurrency),
      }),
    ),
  );
  // Started together: the processes began polling a moment ago and find the queue full.
  const started = Date.now();
  worker?.start();
  const second = users.slice(0, jobs - userCount);
  for (let i = 0; i < second.length; i += 25) {
    await Promise.all(second.slice(i, i + 25).map((user) => enqueue(user, 2)));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const open = async (): Promise<number> =>
    (
      await store.db
        .selectFrom('outbox_jobs')
        .select(store.db.fn.countAll<number>().as('n'))
        .where('status', 'in', ['queued', 'running'])
        .executeTakeFirstOrThrow()
    ).n;
  while ((await open()) > 0) await new Promise((resolve) => setTimeout(resolve, 200));
  const seconds = (Date.now() - started) / 1000;
  await worker?.stop();
  await Promise.all(
    processes.map(
      (child) =>
        new Promise((resolve) => {
          child.once('exit', resolve);
          child.kill('SIGTERM');
        }),
    ),
  );

  // What Microsoft 365 accepted, in order, per user: the emulator keeps every password written.
  const applied = new Map(
    users.map((user) => {
      const candidates = [1, 2].map((n) => `Bench-${user.email.split('@')[0]}-${n}-Aa!`);
      const history = emulator.passwordHistory(tenant.tenantId, user.email, candidates);
      return [user.email, history.map((index) => (index ?? -1) + 1)];
    }),
  );
  const writes = [...applied.values()].reduce((sum, list) => sum + list.length, 0);
  // Most the limit allows in this time: the full bucket at the start plus its refill.
  const allowed = LIMIT.writes + (seconds * 1000 * LIMIT.writes) / LIMIT.perMs;
  let lost = 0;
  let duplicated = 0;
  let outOfOrder = 0;
  for (const user of users) {
    const newest = second.includes(user) ? 2 : 1;
    const list = applied.get(user.email) ?? [];
    if (
      !emulator.verifyPassword(tenant.tenantId, user.email, `Bench-${user.email.split('@')[0]}-${newest}-Aa!`)
    )
      lost += 1;
    duplicated += list.length - new Set(list).size;
    if (list.some((n, i) => i > 0 && n < (list[i - 1] ?? 0))) outOfOrder += 1;
  }
  const statuses = await store.db
    .selectFrom('outbox_jobs')
    .select(['status', store.db.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const requests = emulator.requests();
  const throttled = requests.filter((r) => r.status === 429).length;
  // Where the time went: writes Microsoft 365 accepted per 30 s of the run (a dip is time lost to the
  // limit), and the jobs that needed more than one attempt, by the error they last met.
  const windows: number[] = [];
  for (const r of requests) {
    if (r.method !== 'PATCH' || r.status !== 204 || r.at < started) continue;
    const w = Math.floor((r.at - started) / 30_000);
    windows[w] = (windows[w] ?? 0) + 1;
  }
  const retried = await store.db
    .selectFrom('outbox_jobs')
    .select(['status', 'last_error'])
    .where('attempts', '>', 1)
    .execute();
  const retriedBy = new Map<string, number>();
  for (const job of retried) {
    const key = `${job.status}${job.last_error ? ` after ${job.last_error.split(':')[0]}` : ''}`;
    retriedBy.set(key, (retriedBy.get(key) ?? 0) + 1);
  }
  const [load1] = loadavg();
  console.log(
    `machine: ${availableParallelism()} cores, load average ${load1?.toFixed(1)} at the end; database: ${dialect}; ${workerProcesses > 0 ? `${workerProcesses} worker processes` : 'one worker in this process'}, concurrency ${concurrency} each`,
  );
  console.log(
    `jobs queued:        ${jobs} (${userCount} users; ${second.length} second changes queued while draining)`,
  );
  console.log(
    `drained in:         ${seconds.toFixed(1)} s; job states: ${statuses.map((s) => `${s.status} ${s.n}`).join(', ')}`,
  );
  console.log(
    `writes applied:     ${writes} (${(writes / seconds).toFixed(1)}/s); 429 answers: ${throttled}`,
  );
  console.log(
    `limit:              ${LIMIT.writes} per ${LIMIT.perMs / 1000} s (bucket); at most ${allowed.toFixed(0)} writes in ${seconds.toFixed(1)} s`,
  );
  console.log(`achieved fraction:  ${(writes / allowed).toFixed(3)} of the limit`);
  console.log(`lost: ${lost}, duplicated: ${duplicated}, out of order: ${outOfOrder}`);
  console.log(`writes per 30 s:    ${Array.from(windows, (n) => n ?? 0).join(' ')}`);
  console.log(
    `tried more than once: ${retried.length}${retried.length > 0 ? ` (${[...retriedBy].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`,
  );
  await client.close();
  await store.close();
  await emulator.close();
  cluster?.stop();
  await rm(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
