/**
 * npm run soak:crash [-- --minutes 10 --kills 100 --users 50 --clients 8 --steady 400 --seed N --keep]
 *
 * Runs the built portal (`passgate serve`, rebuilt first if its sources changed) as a real process under
 * mixed load, kills it with SIGKILL at random moments and restarts it on the same database, then checks
 * that Microsoft 365 (the emulator) ends with exactly what the portal accepted. Exits 1 on any failure.
 */
import { parseArgs } from 'node:util';
import { buildPortal } from '../support/build-portal.js';
import { runSoak } from './run-soak.js';
import { soakSummary } from './soak-summary.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    kills: { type: 'string', default: '100' },
    users: { type: 'string', default: '50' },
    clients: { type: 'string', default: '8' },
    steady: { type: 'string', default: '400' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

function whole(name: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min)
    throw new Error(`--${name}: expected a number of at least ${min}, got ${value}`);
  return n;
}

async function main(): Promise<void> {
  const seed =
    values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : whole('seed', values.seed, 0);
  const options = {
    minutes: whole('minutes', values.minutes, 0),
    kills: whole('kills', values.kills, 0),
    users: whole('users', values.users, 1),
    clients: whole('clients', values.clients, 1),
    steadyActions: whole('steady', values.steady, 4),
    seed,
    keep: values.keep,
    progress: (line: string) => console.log(`[soak] ${line}`),
  };
  console.log(
    `[soak] seed ${seed} (replay the same choices with --seed ${seed}); ${options.minutes} min, at least ${options.kills} kills`,
  );
  await buildPortal();
  const report = await runSoak(options);
  for (const line of soakSummary(report)) console.log(line);
  process.exitCode = report.failures.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
