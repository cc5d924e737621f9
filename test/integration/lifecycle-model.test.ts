import { addUser, sendActivation } from '@passgate/portal';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lifecycleCommands } from './lifecycle-model/commands.js';
import { drainAndCheck, quiet, retire } from './lifecycle-model/drain.js';
import { beginRun, mailedResetLink, startWorld, type World } from './lifecycle-model/world.js';

// `npm test` runs a few seeded runs within a time budget; `npm run soak` many more
// (PASSGATE_MODEL_RUNS) from a fresh seed unless PASSGATE_MODEL_SEED is given. A failure prints the
// portal's log of the run, the seed, the path and the shrunk commands: PASSGATE_MODEL_SEED=<seed>
// PASSGATE_MODEL_PATH=<path> PASSGATE_MODEL_REPLAY=<the replayPath printed after the commands> replays it.
const env = process.env;
const SOAK = env.PASSGATE_MODEL_RUNS !== undefined || env.PASSGATE_MODEL_PATH !== undefined;
const RUNS = Number(env.PASSGATE_MODEL_RUNS ?? 15);
const SEED = Number(env.PASSGATE_MODEL_SEED ?? (SOAK ? Date.now() : 15));
const PATH = env.PASSGATE_MODEL_PATH;
const REPLAY = env.PASSGATE_MODEL_REPLAY;
const VERBOSE = env.PASSGATE_MODEL_VERBOSE === '1';
const MAX_COMMANDS = 25;
/** How much of the portal's log a failure prints (the shrunk run's last commands and the drain). */
const LOG_LINES = 150;
// Past this no new run starts (and shrinking stops, reporting what it has): CI stays within about a
// minute on a loaded machine; a soak or a replay takes the time it needs.
const BUDGET_MS = Number(env.PASSGATE_MODEL_BUDGET_MS ?? (SOAK ? RUNS * 20_000 : 45_000));

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(() => world?.close());

describe('mailedResetLink()', () => {
  it('finds the reset mail behind a full round of older mail (a round of the sender claims 20)', async () => {
    const { model, real } = await beginRun(world);
    const at = world.clock.now();
    const newcomer = `newcomer.${model.tag}@contoso.example`;
    await addUser(real.portal.store.db, { email: newcomer, password: null }, at);
    for (let i = 0; i < 20; i += 1)
      await sendActivation(real.portal.adminDeps, newcomer, at, { type: 'admin', id: 'lifecycle-model' });
    world.clock.advance(1);
    const ada = model.people[0]?.email ?? '';
    expect(await mailedResetLink(real, ada)).toMatch(/^[\w-]{20,}$/);
    await retire(real);
  });
});

describe('the account lifecycle, against a model', () => {
  it(
    'keeps the portal and Microsoft 365 in step with what people and admins did, through faults, crashes and time',
    async () => {
      console.info(`lifecycle model: seed ${SEED}, up to ${RUNS} runs of up to ${MAX_COMMANDS} commands`);
      let completed = 0;
      // fast-check stops waiting for a run cut off by the budget; the world must outlive it.
      let current: Promise<unknown> = Promise.resolve();
      // The last failing run is the one fast-check reports (shrinking ends on it): its log is printed with it.
      let failedLog: string[] = [];
      const property = fc.asyncProperty(
        fc.commands(lifecycleCommands(), {
          maxCommands: MAX_COMMANDS,
          size: 'max',
          ...(REPLAY ? { replayPath: REPLAY } : {}),
        }),
        (commands) => {
          const run = (async () => {
            await quiet(world);
            const { model, real } = await beginRun(world);
            await fc.asyncModelRun(() => ({ model, real }), commands);
            await drainAndCheck(model, real);
            await retire(real);
            completed += 1;
            if (VERBOSE) console.info(`${model.tag}: ${String(commands)}`);
          })().catch((error: unknown) => {
            failedLog = world.system.recentLogs().slice(-LOG_LINES);
            throw error;
          });
          current = run.catch(() => undefined);
          return run;
        },
      );
      try {
        await fc.assert(property, {
          seed: SEED,
          numRuns: RUNS,
          ...(PATH ? { path: PATH } : {}),
          interruptAfterTimeLimit: BUDGET_MS,
          markInterruptAsFailure: false,
        });
      } catch (error) {
        console.error(
          `the portal's log of the failing run (last ${failedLog.length} lines):\n${failedLog.join('')}`,
        );
        throw error;
      } finally {
        await current;
        console.info(`lifecycle model: ${completed} runs passed (seed ${SEED})`);
      }
    },
    BUDGET_MS + 120_000,
  );
});
