import type { World } from './world.js';

/**
 * Lets the worker do everything it can, as system.settle() does, except wait for a job held after a
 * call that got no answer (a timeout, a dropped connection). Such a job stays `running` until its hold
 * (one lease) runs out on the clock, and the test clock only moves when told: settle() alone would wait
 * for it until its own deadline. So the clock moves to just past the hold, as a step of time does
 * (`advance` moves the model's clock too, when there is one), and the worker sends it again. Whether
 * the unanswered call applied does not matter here: the model allows either until the job is done.
 */
export async function settle(world: World, advance: (ms: number) => void): Promise<void> {
  const { system, clock } = world;
  const db = system.portal.store.db;
  let moves: Promise<void> = Promise.resolve();
  // Past the end of the newest hold, if it has not ended yet.
  const outlast = (heldUntil: number): void => {
    const ms = heldUntil + 1_000 - clock.now().getTime();
    if (ms > 0) advance(ms);
  };
  // Listening first, then looking: a hold recorded in between is seen by one or the other (both is harmless).
  const unsubscribe = system.portal.worker.onOutcome((outcome) => {
    if (outcome.status !== 'retrying') return;
    // Only a held job is still `running` with its lease at the retry time; a rescheduled one is queued.
    moves = moves.then(async () => {
      const job = await db
        .selectFrom('outbox_jobs')
        .select(['status', 'lease_until'])
        .where('id', '=', outcome.jobId)
        .executeTakeFirst();
      if (job?.status === 'running' && Number(job.lease_until) === outcome.nextAttemptAt)
        outlast(outcome.nextAttemptAt);
    });
  });
  try {
    // One held now (before this settle): its last error names the hold's end, which is its lease. A job
    // taken up again keeps that error, under a later lease.
    const running = await db
      .selectFrom('outbox_jobs')
      .select(['lease_until', 'last_error'])
      .where('status', '=', 'running')
      .execute();
    for (const job of running) {
      const until = Number(job.lease_until);
      if (job.last_error?.includes(`held until ${new Date(until).toISOString()}`)) outlast(until);
    }
    await system.settle();
    await moves;
  } finally {
    unsubscribe();
  }
}
