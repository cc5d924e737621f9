import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { lifecycleCommands } from './lifecycle-model/commands.js';
import { drainAndCheck, quiet, retire } from './lifecycle-model/drain.js';
import { beginRun, startWorld, type World } from './lifecycle-model/world.js';

// CI runs a few seeded runs; `npm run soak` many more (PASSGATE_MODEL_RUNS), from a fresh seed unless
// PASSGATE_MODEL_SEED is given. A failure prints the seed, the path and the shrunk commands: replay
// it with PASSGATE_MODEL_SEED=<seed> PASSGATE_MODEL_PATH=<path>.
const RUNS = Number(process.env.PASSGATE_MODEL_RUNS ?? 10);
const SEED = Number(process.env.PASSGATE_MODEL_SEED ?? (process.env.PASSGATE_MODEL_RUNS ? Date.now() : 15));
const PATH = process.env.PASSGATE_MODEL_PATH;
const MAX_COMMANDS = 25;
const VERBOSE = process.env.PASSGATE_MODEL_VERBOSE === '1';
// Past this, fast-check stops (shrinking included) and reports what it has.
const BUDGET_MS = Math.max(120_000, RUNS * 15_000);

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

describe('the account lifecycle, against a model', () => {
  it(
    'keeps the portal and Microsoft 365 in step with what people and admins did, through faults, crashes and time',
    async () => {
      console.info(`lifecycle model: seed ${SEED}, ${RUNS} runs of up to ${MAX_COMMANDS} commands`);
      await fc.assert(
        fc.asyncProperty(
          fc.commands(lifecycleCommands(), { maxCommands: MAX_COMMANDS, size: 'max' }),
          async (commands) => {
            await quiet(world);
            const { model, real } = await beginRun(world);
            await fc.asyncModelRun(() => ({ model, real }), commands);
            await drainAndCheck(model, real);
            await retire(real);
            if (VERBOSE) console.info(`${model.tag}: ${String(commands)}`);
          },
        ),
        {
          seed: SEED,
          numRuns: RUNS,
          ...(PATH ? { path: PATH } : {}),
          interruptAfterTimeLimit: BUDGET_MS,
          markInterruptAsFailure: false,
        },
      );
    },
    BUDGET_MS + 60_000,
  );
});
