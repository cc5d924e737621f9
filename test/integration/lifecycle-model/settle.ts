import type { World } from './world.js';

/**
 * Lets the worker do everything it can (system.settle()), moving the clock past any job held after a
 * call that got no answer (a timeout, a dropped connection). Such a job stays `running` until its hold
 * (one lease) runs out on the clock, and the test clock only moves when told: it would otherwise wait for
 * the model's next step of time. So the clock moves to just past the hold, as a step of time does
 * (`advance` moves the model's clock too, when there is one), and the worker sends it again. Whether
 * the unanswered call applied does not matter here: the model allows either until the job is done.
 */
export async function settle(world: World, advance: (ms: number) => void): Promise<void> {
  for (;;) {
    const { heldUntil } = await world.system.settle();
    if (heldUntil === null) return;
    advance(heldUntil + 1_000 - world.clock.now().getTime());
  }
}
