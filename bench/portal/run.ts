/**
 * Password changes per second over real HTTP with concurrent clients, against raw argon2id hashes per
 * second measured in the same run with the same parameters; then latency at half that peak.
 *
 *   npm run bench:portal -- [changes=200] [clients=8] [--database sqlite|postgres] [--count-statements]
 *                           [--profile DIR]
 *
 * The portal runs as its own process (the built `passgate serve`), the Microsoft 365 emulator and the clients run
 * here. Each change is one form GET plus one POST, answered only once Microsoft 365 holds the password.
 * `--database postgres` starts a throwaway PostgreSQL cluster with the server's durable defaults (fsync,
 * synchronous_commit on). `--count-statements` counts the portal's SQL statements and commits per change;
 * `--profile DIR` writes the portal's main-thread CPU profile there (cpu-profile.mjs) and summarises it.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createM365Client } from '@passgate/core/graph';
import { addUser, hashPassword, openStore } from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { buildPortal } from '../../test/support/build-portal.js';
import { addEmulatedTenant } from '../../test/support/emulated-tenant.js';
import { freePort } from '../../test/support/free-port.js';
import { startPortalProcess } from '../../test/support/portal-process.js';
import { TEST_SECRET_KEY } from '../../test/support/start-portal.js';
import { submitChange } from '../../test/support/submit-change.js';
import { benchDialect, createBenchDatabase } from '../support/bench-database.js';
import { cpuSecondsOf, median, percentile } from './measure.js';
import {
  COUNT_STATEMENTS_PRELOAD,
  countsBetween,
  describeStatements,
  type StatementCounts,
  snapshotStatements,
} from './statement-counts.js';
import { CPU_PROFILE_PRELOAD, summarizeProfile } from './summarize-profile.js';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined =>
  args.includes(name) ? (args[args.indexOf(name) + 1] ?? '') : undefined;
const positional = args.filter((a, i) => /^\d+$/.test(a) && !args[i - 1]?.startsWith('--'));
const changes = Number(positional[0] ?? 200);
const clients = Number(positional[1] ?? 8);
const dialect = benchDialect(args);
const profileDir = flag('--profile');
const countStatements = args.includes('--count-statements');
// Changes made at half the peak rate, for the latency a person sees when the portal is not saturated.
const halfLoadChanges = Math.max(20, Math.round(changes / 2));
const OLD = 'Harbour-Lantern-73!';

/** Raw argon2id throughput with as many hashes in flight as there are clients (libuv's pool runs 4). */
async function hashesFor(durationMs: number): Promise<{ hashes: number; seconds: number }> {
  let hashes = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() - start < durationMs) {
        await hashPassword(`bench-${hashes}`);
        hashes += 1;
      }
    }),
  );
  return { hashes, seconds: (performance.now() - start) / 1000 };
}

async function main(): Promise<void> {
  const emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
  const dir = await mkdtemp(join(tmpdir(), 'passgate-bench-portal-'));
  const { database, cluster } = await createBenchDatabase(dialect, dir);
  const users = Array.from({ length: changes + halfLoadChanges }, (_, i) => `user${i}@contoso.example`);
  const seed = await openStore(database);
  for (let i = 0; i < users.length; i += clients) {
    await Promise.all(
      users.slice(i, i + clients).map(async (email) => {
        await addUser(seed.db, { email, password: OLD }, new Date());
        emulator.addUser(tenant.tenantId, { userPrincipalName: email, password: OLD });
      }),
    );
  }
  await seed.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const configPath = join(dir, 'passgate.json');
  await writeFile(
    configPath,
    JSON.stringify({
      publicUrl: url,
      port,
      database,
      secretKey: TEST_SECRET_KEY,
      log: { level: 'warn' },
      tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: tenant.graph }],
      rateLimits: { perAddress: { max: 1_000_000 }, perAccount: { max: 1000 } },
      sync: { concurrency: 8, changeWaitMs: 30_000 },
    }),
  );
  const countsFile = join(dir, 'statements.json');
  const nodeOptions = [
    ...(countStatements ? [`--import=${COUNT_STATEMENTS_PRELOAD}`] : []),
    ...(profileDir === undefined ? [] : [`--import=${CPU_PROFILE_PRELOAD}`]),
  ];
  if (profileDir !== undefined) await mkdir(profileDir, { recursive: true });
  await buildPortal(); // the portal runs as the built `passgate` command, as an admin runs it
  const portal = await startPortalProcess(
    configPath,
    {
      ...(nodeOptions.length > 0 ? { NODE_OPTIONS: nodeOptions.join(' ') } : {}),
      ...(countStatements ? { PASSGATE_BENCH_SQL_COUNTS: countsFile } : {}),
      ...(profileDir === undefined ? {} : { PASSGATE_BENCH_CPU_PROFILE: resolve(profileDir) }),
    },
    url,
    // BENCH_PORTAL_NODE_ARGS: Node flags for the portal process, to measure what a flag costs (docs/admin.md).
    (process.env.BENCH_PORTAL_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
  );
  const pid = portal.child.pid ?? 0;

  // What one person's change cannot beat: one hash at a time, and one Microsoft 365 round trip. The hash
  // is timed again at the end, with the portal idle: just after it started it may still be busy.
  const oneHashMs = async (): Promise<number> => {
    const times: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const t0 = performance.now();
      await hashPassword(`one-${i}`);
      times.push(performance.now() - t0);
    }
    return median(times);
  };
  const hashAtStartMs = await oneHashMs();
  const graph = createM365Client(tenant.graph);
  emulator.addUser(tenant.tenantId, { userPrincipalName: 'probe@contoso.example', password: OLD });
  const roundTrip: number[] = [];
  for (let i = 0; i < 11; i += 1) {
    const t0 = performance.now();
    await graph.setPassword('probe@contoso.example', `Probe-Lantern-${i}-Path!`);
    if (i > 0) roundTrip.push(performance.now() - t0); // the first one also fetches a token
  }
  await graph.close();

  // Hashing and changes alternate in rounds, so whatever else runs on the machine weighs on both alike.
  const rounds = 4;
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let hashSeconds = 0;
  let hashes = 0;
  let seconds = 0;
  let portalCpu = 0;
  let clientCpu = 0;
  let next = 0;
  const change = async (i: number): Promise<number> => {
    const t0 = performance.now();
    const result = await submitChange(url, {
      email: users[i] ?? '',
      currentPassword: OLD,
      newPassword: `Granite-Willow-${i}-Path!`,
    });
    statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    return performance.now() - t0;
  };
  const statements: StatementCounts = new Map();
  for (let round = 1; round <= rounds; round += 1) {
    const block = await hashesFor(4000);
    hashes += block.hashes;
    hashSeconds += block.seconds;
    const last = Math.round((changes * round) / rounds);
    const before = countStatements ? await snapshotStatements(pid, countsFile) : new Map();
    const started = performance.now();
    const portalCpu0 = await cpuSecondsOf(pid);
    const benchCpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < last) {
          const i = next;
          next += 1;
          latencies.push(await change(i));
        }
      }),
    );
    seconds += (performance.now() - started) / 1000;
    portalCpu += (await cpuSecondsOf(pid)) - portalCpu0;
    const benchCpu = process.cpuUsage(benchCpu0);
    clientCpu += (benchCpu.user + benchCpu.system) / 1e6;
    if (countStatements) {
      const delta = countsBetween(before, await snapshotStatements(pid, countsFile));
      for (const [shape, { n, us }] of delta) {
        const sum = statements.get(shape) ?? { n: 0, us: 0 };
        statements.set(shape, { n: sum.n + n, us: sum.us + us });
      }
    }
  }
  const hashRate = hashes / hashSeconds;
  const changeRate = changes / seconds;

  // Half the peak, arriving on a fixed schedule (open loop): each change on time whether or not the
  // previous ones have been answered, as independent people would arrive.
  const halfRate = changeRate / 2;
  const halfLatencies: number[] = [];
  const halfStart = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < halfLoadChanges; k += 1) {
    const due = halfStart + (k * 1000) / halfRate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(change(changes + k).then((ms) => void halfLatencies.push(ms)));
  }
  await Promise.all(inFlight);

  const hashAtEndMs = await oneHashMs();

  // The portal process's own peak resident memory (Linux: VmHWM), with whatever BENCH_PORTAL_NODE_ARGS set.
  const peakRss = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8').catch(() => ''));
  await portal.stop();
  await emulator.close();
  cluster?.stop();
  await rm(dir, { recursive: true, force: true });

  // A fresh user's change costs two argon2id operations: verify the current password, hash the new one
  // (the reuse check compares with the just-proven password as text and has no history to verify).
  const hashesPerChange = 2;
  latencies.sort((a, b) => a - b);
  halfLatencies.sort((a, b) => a - b);
  const hashMs = Math.min(hashAtStartMs, hashAtEndMs);
  const graphMs = median(roundTrip);
  const [load1] = loadavg();
  console.log(
    `machine: ${availableParallelism()} cores, load average ${load1?.toFixed(1)} at the end, Node ${process.versions.node}, argon2id m=19456 KiB t=2 p=1; database: ${dialect}`,
  );
  console.log(
    `raw argon2id:       ${hashRate.toFixed(1)} hashes/s (${clients} at once, ${hashes} hashes in ${hashSeconds.toFixed(1)} s); one hash alone: ${hashAtStartMs.toFixed(0)} ms at the start, ${hashAtEndMs.toFixed(0)} ms at the end`,
  );
  console.log(`Microsoft 365 call: ${graphMs.toFixed(0)} ms (median PATCH round trip to the emulator)`);
  console.log(
    `password changes:   ${changeRate.toFixed(1)} changes/s over HTTP, ${clients} clients, ${changes} changes in ${seconds.toFixed(1)} s, in ${rounds} rounds alternating with the hashing`,
  );
  console.log(`HTTP statuses:      ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(
    `latency at peak:    p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms (form GET + POST)`,
  );
  console.log(
    `latency at half:    p50 ${percentile(halfLatencies, 50).toFixed(0)} ms, p99 ${percentile(halfLatencies, 99).toFixed(0)} ms at ${halfRate.toFixed(1)} changes/s (${halfLoadChanges} changes); goal p99 ≤ 2 × hash + Microsoft 365 = ${(2 * hashMs + graphMs).toFixed(0)} ms`,
  );
  console.log(
    `CPU per change:     portal process ${((portalCpu / changes) * 1000).toFixed(0)} ms (argon2id alone ≈ ${((hashesPerChange * availableParallelism() * 1000) / hashRate).toFixed(0)} ms of ${availableParallelism()} cores' time at the measured rate), clients + emulator ${((clientCpu / changes) * 1000).toFixed(0)} ms`,
  );
  console.log(
    `portal memory:      peak RSS ${peakRss === null ? '?' : (Number(peakRss[1]) / 1024).toFixed(0)} MiB (the built command; Node flags: ${process.env.BENCH_PORTAL_NODE_ARGS || 'none'})`,
  );
  // Where the ratio's ceiling lies on this machine: the clients and the emulator (a person's browser and
  // Microsoft 365, elsewhere in production) run on the same cores, so even a portal that did nothing but
  // its two hashes would stop short of 1.
  const hashCpuMs = (hashesPerChange * availableParallelism() * 1000) / hashRate;
  const portalCpuMs = (portalCpu / changes) * 1000;
  const clientCpuMs = (clientCpu / changes) * 1000;
  console.log(
    `ceiling:            ${(hashCpuMs / (hashCpuMs + clientCpuMs)).toFixed(2)} for a portal doing only its 2 hashes beside these clients and emulator; argon2id's share of the portal's own CPU per change: ${(hashCpuMs / portalCpuMs).toFixed(2)}`,
  );
  if (countStatements) for (const line of describeStatements(statements, changes)) console.log(line);
  if (profileDir !== undefined) for (const line of await summarizeProfile(profileDir)) console.log(line);
  console.log(
    `ratio (changes/s × ${hashesPerChange} hashes per change ÷ hashes/s): ${((changeRate * hashesPerChange) / hashRate).toFixed(2)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
