/**
 * One drift sweep in a process of its own, on the BUILT portal (npm run build first): its peak memory
 * is then the sweep's and a production process's, not the emulator's nor a TypeScript loader's. Reads
 * a portal config (JSON) on stdin, sweeps every tenant once (forced) and prints one JSON line.
 * Started by sweep.ts; not meant to be run by hand.
 */
import { text } from 'node:stream/consumers';
import { createM365Client } from '@passgate/core/graph';
import { parseConfig } from '../../portal/dist/config/parse-config.js';
import { createSealer } from '../../portal/dist/crypto/sealer.js';
import { createLogger } from '../../portal/dist/log/create-logger.js';
import { sweepDrift } from '../../portal/dist/scheduler/sweep-drift.js';
import { openStore } from '../../portal/dist/store/open-store.js';

const config = parseConfig(JSON.parse(await text(process.stdin)), {});
const store = await openStore(config.database, { poolSize: 2 });
const clients = new Map(config.tenants.map((tenant) => [tenant.name, createM365Client(tenant.graph)]));
// Everything the sweep needs is loaded: what grows from here is the sweep's own.
const baseRssMb = process.memoryUsage().rss / 1024 / 1024;
// Where the memory is while the sweep runs: V8's heap (used and reserved) and memory outside it.
const peak = { heapUsedMb: 0, heapTotalMb: 0, externalMb: 0 };
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peak.heapUsedMb = Math.max(peak.heapUsedMb, m.heapUsed / 1048576);
  peak.heapTotalMb = Math.max(peak.heapTotalMb, m.heapTotal / 1048576);
  // external already counts arrayBuffers (Node's process.memoryUsage() docs): not added twice.
  peak.externalMb = Math.max(peak.externalMb, m.external / 1048576);
}, 20);
const started = performance.now();
const result = await sweepDrift(
  {
    db: store.db,
    config,
    mailSealer: createSealer(config.secretKey, 'mail'),
    clients,
    logger: createLogger({ level: 'error' }),
  },
  new Date(),
  true,
);
const ms = performance.now() - started;
clearInterval(sample);
await Promise.all([...clients.values()].map((client) => client.close()));
await store.close();
// maxRSS: the process's highest resident set over its life, in KiB (getrusage).
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...result, ms, peakRssMb, baseRssMb, peak })}\n`);
