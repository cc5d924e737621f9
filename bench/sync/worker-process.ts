/**
 * One sync worker in a process of its own, for bench/sync/run.ts `--workers N`: the portal's own worker
 * (createSyncWorker) on the shared database, calling the emulator, until SIGTERM. Its settings come from
 * the environment (never argv: the key is one):
 *   PASSGATE_BENCH_DATABASE  the database URL       PASSGATE_BENCH_OUTBOX_KEY  the outbox sealing key (hex)
 *   PASSGATE_BENCH_GRAPH     the tenant's graph config (JSON)   PASSGATE_BENCH_CONCURRENCY  jobs at once
 * It prints `ready` once its worker runs.
 */
import { createM365Client } from '@passgate/core/graph';
import { createLogger, openStore } from '@passgate/portal';
import { createSealer } from '../../portal/src/crypto/sealer.js';
import { createSyncWorker } from '../../portal/src/sync/sync-worker.js';

async function main(): Promise<void> {
  const env = process.env;
  const concurrency = Number(env.PASSGATE_BENCH_CONCURRENCY ?? 4);
  const store = await openStore(env.PASSGATE_BENCH_DATABASE ?? '', {
    migrate: false,
    poolSize: concurrency + 2,
  });
  const client = createM365Client(JSON.parse(env.PASSGATE_BENCH_GRAPH ?? '{}'));
  const worker = createSyncWorker({
    db: store.db,
    clients: new Map([['contoso', client]]),
    sealer: createSealer(Buffer.from(env.PASSGATE_BENCH_OUTBOX_KEY ?? '', 'hex'), 'outbox'),
    walScrubber: store.walScrubber,
    logger: createLogger({ level: 'error' }),
    now: () => new Date(),
    concurrency,
    leaseMs: 60_000,
    pollIntervalMs: 100,
    maxBackoffMs: 300_000,
  });
  worker.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void (async () => {
      await worker.stop();
      await client.close();
      await store.close();
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
