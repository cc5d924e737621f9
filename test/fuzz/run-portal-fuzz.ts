/**
 * Fuzzes the portal's HTTP surface for as long as asked, with the same generator and properties as
 * test/integration/portal-fuzz.test.ts, and prints the answers counted by status code at the end.
 *
 *   npm run fuzz -- [--cases 100000] [--socket-cases N] [--seed S] [--via app|socket --path P]
 *
 * --cases go through app.request(); --socket-cases (default a tenth of --cases) are sent as raw bytes
 * to the listening server. The socket run uses seed + 1, as the CI test does. A failure prints the
 * seed and path of its run: replay it with --seed, --via and --path.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { portalFuzzProperty, type Via } from '../support/fuzz/fuzz-property.js';
import { startFuzzTarget } from '../support/fuzz/fuzz-target.js';
import { StatusTally } from '../support/fuzz/status-tally.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '2000' },
    'socket-cases': { type: 'string' },
    seed: { type: 'string' },
    via: { type: 'string' },
    path: { type: 'string' },
  },
});

function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`--${name}: expected a whole number, got ${text}`);
  return value;
}

const cases = count('cases', values.cases, 2000);
const socketCases = count('socket-cases', values['socket-cases'], Math.ceil(cases / 10));
const seed = count('seed', values.seed, Date.now() % 2 ** 31);
if (values.via !== undefined && values.via !== 'app' && values.via !== 'socket')
  throw new Error(`--via: expected app or socket, got ${values.via}`);
if (values.path !== undefined && values.via === undefined)
  throw new Error('--path replays one run: say which with --via app or --via socket');

async function main(): Promise<number> {
  const target = await startFuzzTarget();
  const tally = new StatusTally();
  const started = performance.now();
  const runs = (
    [
      ['app', cases, seed],
      ['socket', socketCases, seed + 1],
    ] as [Via, number, number][]
  ).filter(([via]) => values.via === undefined || values.via === via);
  let failed = false;
  try {
    for (const [via, numRuns, runSeed] of runs) {
      if (numRuns === 0) continue;
      console.log(`${via}: ${numRuns} cases, seed ${runSeed}`);
      await fc.assert(portalFuzzProperty(target, via, tally), {
        seed: runSeed,
        numRuns,
        ...(values.path === undefined ? {} : { path: values.path }),
      });
    }
    const alive = (await fetch(`${target.origin}/change`)).status;
    if (alive !== 200) throw new Error(`GET /change answered ${alive} after the run`);
  } catch (error) {
    failed = true;
    console.error(error instanceof Error ? error.message : error);
  } finally {
    await target.close();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\nanswers by status (${seconds} s):\n${tally.report()}`);
  console.log(failed ? '\nFAILED' : '\nall properties held');
  return failed ? 1 : 0;
}

process.exitCode = await main();
