/**
 * Drains queued password jobs against the Microsoft 365 emulator throttled at Entra's write limit scaled
 * down (300 writes per 15 s), and reports the achieved write rate as a fraction of what the limit
 * allows, plus lost, duplicated and out-of-order applications.
 *
 *   node --import tsx --conditions=@passgate/source bench/sync/run.ts [jobs=10000] [concurrency=4]
 *
 * Half the jobs are queued up front (one per user); the other half are second changes for the same
 * users, queued while the queue drains, so some supersede a waiting job and some follow an applied one.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createM365Client, type M365Client } from '@passgate/core/graph';
import { createLogger, openStore } from '@passgate/portal';
import { startM365Emulator } from '@passgate/test/m365-emulator';
import { createSealer } from '../../portal/src/crypto/sealer.js';
import { enqueueSetPassword } from '../../portal/src/sync/enqueue-set-password.js';
import { createSyncWorker } from '../../portal/src/sync/sync-worker.js';
import { addEmulatedTenant } from '../../test/support/emulated-tenant.js';

const jobs = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 4);
const LIMIT = { writes: 300, perMs: 15_000 };

async function main(): Promise<void> {
  const emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
  const dir = await mkdtemp(join(tmpdir(), 'passgate-bench-sync-'));
  const store = await openStore(join(dir, 'passgate.sqlite'));
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
  const sealer = createSealer(randomBytes(32), 'outbox');
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

  // What Microsoft 365 accepted, in order, per user: recorded around the real client.
  const applied = new Map<string, number[]>();
  const real = createM365Client(tenant.graph);
  const recording: M365Client = {
    ...real,
    async setPassword(upn, password, options) {
      await real.setPassword(upn, password, options);
      const n = Number(password.split('-')[2]);
      applied.set(upn, [...(applied.get(upn) ?? []), n]);
    },
  };
  emulator.setThrottle(LIMIT);
  const worker = createSyncWorker({
    db: store.db,
    clients: new Map([['contoso', recording]]),
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
  const started = Date.now();
  worker.start();
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
  await worker.stop();

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
  const throttled = emulator.requests().filter((r) => r.status === 429).length;
  console.log(
    `jobs queued:        ${jobs} (${userCount} users; ${second.length} second changes queued while draining), concurrency ${concurrency}`,
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
  await real.close();
  await store.close();
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
