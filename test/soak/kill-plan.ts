import type { Prng } from './prng.js';

/**
 * When to kill one life of the portal. Most kills wait for something to be happening (a POST on its
 * way, a Graph job in flight), so they land mid-request and mid-job rather than on an idle process.
 */
export type KillPlan =
  /** While it starts (opening and migrating the database, before or just after it listens). */
  | { when: 'starting'; afterSpawnMs: number }
  /** Once `posts` more POSTs have been sent to it, plus `extraMs`. */
  | { when: 'posts'; notBeforeMs: number; posts: number; extraMs: number }
  /** Once a sync job it claimed is in flight, plus `extraMs`. */
  | { when: 'job'; notBeforeMs: number; extraMs: number }
  /** After this long up, whatever it is doing. */
  | { when: 'uptime'; notBeforeMs: number };

export type KillWhen = KillPlan['when'];

/**
 * Draws the next kill. `slackMs` is how long the process may stay up on average and still reach the
 * kill count in time; every plan also has a deadline (`capMs` after `notBeforeMs`), so a kill comes
 * even when the awaited moment does not.
 */
export function drawKillPlan(prng: Prng, slackMs: number): KillPlan {
  const notBeforeMs = prng.int(0, Math.max(0, Math.round(slackMs)));
  const kind = prng.weighted({ starting: 10, posts: 40, job: 30, uptime: 20 });
  switch (kind) {
    case 'starting':
      return { when: 'starting', afterSpawnMs: prng.int(50, 2_000) };
    case 'posts':
      return { when: 'posts', notBeforeMs, posts: prng.int(1, 6), extraMs: prng.int(0, 400) };
    case 'job':
      return { when: 'job', notBeforeMs, extraMs: prng.int(0, 300) };
    case 'uptime':
      return { when: 'uptime', notBeforeMs: notBeforeMs + prng.int(200, 1_500) };
  }
}

/** The longest a plan waits for its moment once armed. */
export const KILL_CAP_MS = 4_000;
