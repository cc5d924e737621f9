import { expect } from 'vitest';
import { hasOpenEffects, type LifecycleModel } from './model.js';
import { observe } from './observe.js';
import { settle } from './settle.js';
import { LEASE_MS, type Run, type World } from './world.js';

// Each step lets every retry, Retry-After pause and dead instance's lease run out.
const DRAIN_STEP_MS = LEASE_MS + 1_000;
const DRAIN_STEPS = 6;

async function openJobs(world: World): Promise<number> {
  const rows = await world.system.portal.store.db
    .selectFrom('outbox_jobs')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .execute();
  return rows.length;
}

/**
 * Microsoft 365 recovers and time passes until the queue is empty; then every person must be in
 * step on both sides (observe checks it), and nothing sealed is left in the outbox.
 */
export async function drainAndCheck(model: LifecycleModel, run: Run): Promise<void> {
  const { world } = run;
  world.emulator.clearFaults();
  for (let round = 0; ; round += 1) {
    await observe(model, run);
    if ((await openJobs(world)) === 0) break;
    if (round === DRAIN_STEPS) {
      const open = model.people.filter(hasOpenEffects).map((p) => p.email);
      throw new Error(
        `the queue did not drain after ${round} steps of time (open: ${open.join(', ') || 'others'})`,
      );
    }
    world.clock.advance(DRAIN_STEP_MS);
    model.now += DRAIN_STEP_MS;
  }
  expect(
    model.people.filter(hasOpenEffects).map((p) => p.email),
    'nothing left to apply',
  ).toEqual([]);
  const ids = [...run.ids.values()];
  const { db } = run.portal.store;
  const sealed = await db
    .selectFrom('outbox_jobs')
    .select('id')
    .where('user_id', 'in', ids)
    .where('payload', 'is not', null)
    .execute();
  expect(sealed, 'no password kept once applied').toEqual([]);
  const pending = await db
    .selectFrom('pending_passwords')
    .select('job_id')
    .where('user_id', 'in', ids)
    .execute();
  expect(pending, 'no pending password left').toEqual([]);
}

/** Before a run: whatever an earlier (failed) run left behind is applied, and no fault is waiting. */
export async function quiet(world: World): Promise<void> {
  world.emulator.clearFaults();
  for (let round = 0; round < DRAIN_STEPS; round += 1) {
    await settle(world, world.clock.advance);
    if ((await openJobs(world)) === 0) break;
    world.clock.advance(DRAIN_STEP_MS);
  }
  // Also outlasts any pause a throttled request left on the tenant.
  world.clock.advance(DRAIN_STEP_MS);
}

/** After a run: its people are left alone by later sweeps. */
export async function retire(run: Run): Promise<void> {
  await run.portal.store.db
    .updateTable('users')
    .set({ never_expires: 1 })
    .where('id', 'in', [...run.ids.values()])
    .execute();
}
