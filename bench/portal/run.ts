/**
 * Password changes per second over real HTTP with concurrent clients, against raw argon2id hashes per
 * second measured in the same run with the same parameters.
 *
 *   node --import tsx --conditions=@passgate/source bench/portal/run.ts [changes=200] [clients=8]
 *
 * The portal runs as its own process (`passgate serve`), the Microsoft 365 emulator and the clients run
 * here. Each change is one form GET plus one POST, answered only once Microsoft 365 holds the password.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, hashPassword, openStore } from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { addEmulatedTenant } from '../../test/support/emulated-tenant.js';
import { freePort } from '../../test/support/free-port.js';
import { startPortalProcess } from '../../test/support/portal-process.js';
import { TEST_SECRET_KEY } from '../../test/support/start-portal.js';
import { submitChange } from '../../test/support/submit-change.js';

const changes = Number(process.argv[2] ?? 200);
const clients = Number(process.argv[3] ?? 8);
const OLD = 'Harbour-Lantern-73!';

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
async function cpuSecondsOf(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

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
  const database = join(dir, 'passgate.sqlite');
  const users = Array.from({ length: changes }, (_, i) => `user${i}@contoso.example`);
  const seed = await openStore(database);
  for (const email of users) {
    await addUser(seed.db, { email, password: OLD }, new Date());
    emulator.addUser(tenant.tenantId, { userPrincipalName: email, password: OLD });
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
  const portal = await startPortalProcess(configPath, {}, url);

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
  for (let round = 1; round <= rounds; round += 1) {
    const block = await hashesFor(4000);
    hashes += block.hashes;
    hashSeconds += block.seconds;
    const last = Math.round((users.length * round) / rounds);
    const started = performance.now();
    const portalCpu0 = await cpuSecondsOf(portal.child.pid);
    const benchCpu0 = process.cpuUsage();
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (next < last) {
          const i = next;
          next += 1;
          const t0 = performance.now();
          const result = await submitChange(url, {
            email: users[i] ?? '',
            currentPassword: OLD,
            newPassword: `Granite-Willow-${i}-Path!`,
          });
          latencies.push(performance.now() - t0);
          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        }
      }),
    );
    seconds += (performance.now() - started) / 1000;
    portalCpu += (await cpuSecondsOf(portal.child.pid)) - portalCpu0;
    const benchCpu = process.cpuUsage(benchCpu0);
    clientCpu += (benchCpu.user + benchCpu.system) / 1e6;
  }
  const hashRate = hashes / hashSeconds;
  await portal.stop();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });

  const changeRate = changes / seconds;
  // A fresh user's change costs two argon2id operations: verify the current password, hash the new one
  // (the reuse check compares with the just-proven password as text and has no history to verify).
  const hashesPerChange = 2;
  latencies.sort((a, b) => a - b);
  console.log(
    `machine: ${availableParallelism()} cores, Node ${process.versions.node}, argon2id m=19456 KiB t=2 p=1`,
  );
  console.log(
    `raw argon2id:       ${hashRate.toFixed(1)} hashes/s (${clients} at once, ${hashes} hashes in ${hashSeconds.toFixed(1)} s)`,
  );
  console.log(
    `password changes:   ${changeRate.toFixed(1)} changes/s over HTTP, ${clients} clients, ${changes} changes in ${seconds.toFixed(1)} s, in ${rounds} rounds alternating with the hashing`,
  );
  console.log(`HTTP statuses:      ${[...statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`);
  console.log(
    `latency:            p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
  );
  console.log(
    `CPU per change:     portal process ${((portalCpu / changes) * 1000).toFixed(0)} ms (of which argon2id ≈ ${((hashesPerChange * availableParallelism() * 1000) / hashRate).toFixed(0)} ms), clients + emulator ${((clientCpu / changes) * 1000).toFixed(0)} ms`,
  );
  console.log(
    `ratio (changes/s × ${hashesPerChange} hashes per change ÷ hashes/s): ${((changeRate * hashesPerChange) / hashRate).toFixed(2)}`,
  );
  console.log(`ratio (changes/s ÷ hashes/s): ${(changeRate / hashRate).toFixed(2)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
