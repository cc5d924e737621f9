import { checkSoak, type SoakFigures } from './check-soak.js';
import { startFaultWeather } from './fault-weather.js';
import { drawKillPlan } from './kill-plan.js';
import { createPeopleCounts, type PeopleCounts, type PeopleWorld } from './person.js';
import { isAlive, killPortal, rssKiB, stopPortal } from './portal-incarnation.js';
import { createPortalLives, type PortalLives } from './portal-lives.js';
import { createPrng } from './prng.js';
import { openServiceDesk } from './service-desk.js';
import type { HttpTally } from './soak-browser.js';
import { type Load, startLoad } from './soak-load.js';
import { GRAPH_TIMEOUT_MS, LOCKOUT_ATTEMPTS, openSoakWorld, type SoakWorld } from './soak-world.js';

export interface SoakOptions {
  /** The killing goes on at least this long … */
  minutes: number;
  /** … and until at least this many kills. */
  kills: number;
  users: number;
  /** People acting at once. */
  clients: number;
  /** Actions in the final, unkilled life, over which its memory is watched. */
  steadyActions: number;
  seed: number;
  /** Keep the soak's folder (database, config) after the run, and say where it is. */
  keep?: boolean;
  progress: (line: string) => void;
}

export interface SoakReport {
  options: SoakOptions;
  seconds: number;
  lives: PortalLives;
  counts: PeopleCounts;
  tally: HttpTally;
  faults: Map<string, number>;
  desk: Map<string, number>;
  figures: SoakFigures;
  portalErrors: Map<string, number>;
  /** RSS (KiB) of the final life: after warm-up, the highest seen, and at the end after the drain. */
  rss: { start: number; max: number; end: number };
  failures: string[];
}

const DRAIN_LIMIT_MS = 180_000;
// With no time budget (--minutes 0) a life lasts about this long, start included.
const CYCLE_WITHOUT_BUDGET_MS = 3_000;

export function killCount(lives: PortalLives): number {
  return [...lives.kills.values()].reduce((a, b) => a + b, 0);
}

/**
 * The soak: people use the portal while Microsoft 365 misbehaves and the portal process is killed with
 * SIGKILL at random moments and restarted on the same database; then one clean life, a drain, and the
 * checks. Every random choice comes from `seed`.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  const prng = createPrng(options.seed);
  const world = await openSoakWorld(options.users, prng, options.keep);
  if (options.keep) options.progress(`database and config in ${world.dir} (kept)`);
  const lives = createPortalLives({ ...world, db: world.store.db });
  let load: Load | null = null;
  try {
    const desk = openServiceDesk(world.configPath, world.env);
    const counts = createPeopleCounts();
    const people: PeopleWorld = {
      url: world.url,
      tally: world.tally,
      desk,
      sink: world.sink,
      prng: prng.fork('pauses'),
      nextPassword: world.nextPassword,
      counts,
      lockoutAttempts: LOCKOUT_ATTEMPTS,
    };
    load = startLoad(people, world.people, options.clients, prng.fork('people'));

    const weather = startFaultWeather(world.emulator, prng.fork('faults'), GRAPH_TIMEOUT_MS);
    const killPrng = prng.fork('kills');
    const chaosMs = options.minutes * 60_000;
    for (;;) {
      const kills = killCount(lives);
      const elapsed = Date.now() - started;
      if (elapsed >= chaosMs && kills >= options.kills) break;
      // Pace the lives so the kill count is reached in the time given, whatever the machine's speed (and
      // once it is, go on at the same rate until the time is up).
      const cycle =
        chaosMs === 0
          ? CYCLE_WITHOUT_BUDGET_MS
          : kills >= options.kills
            ? chaosMs / Math.max(1, options.kills)
            : Math.max(0, chaosMs - elapsed) / (options.kills - kills);
      const slack = cycle - (mean(lives.startMs) || 2_000) - 500;
      await lives.liveAndKill(drawKillPlan(killPrng, Math.max(0, slack)));
      if (killCount(lives) % 10 === 0 && killCount(lives) !== kills)
        options.progress(`${killCount(lives)} kills, ${seconds(started)} s, ${load.done()} actions`);
    }
    weather.stop();

    // The final life: Microsoft 365 healthy, no kills. People go on for a while, then the queues must drain.
    const final = await lives.start();
    options.progress(
      `${killCount(lives)} kills; clean start of life ${final.number} for ${options.steadyActions} more actions`,
    );
    const steady = load;
    const base = steady.done();
    const rss = { start: 0, max: 0, end: 0 };
    const sampler = setInterval(() => {
      const now = rssKiB(final.pid) ?? 0;
      rss.max = Math.max(rss.max, now);
      if (rss.start === 0 && steady.done() - base >= options.steadyActions / 4) rss.start = now;
    }, 500);
    await until(() => steady.done() - base >= options.steadyActions, Number.POSITIVE_INFINITY);
    const waiting = steady
      .underWay()
      .map(({ action, since }) => `${action} (${seconds(since)} s)`)
      .join(', ');
    options.progress(
      `${options.steadyActions} actions done at ${seconds(started)} s; finishing ${waiting || 'none'}`,
    );
    await steady.stop();
    options.progress(`load stopped at ${seconds(started)} s; waiting for the queues to drain`);
    const failures = [...steady.errors];
    if (!(await until(() => queuesDrained(world), Date.now() + DRAIN_LIMIT_MS)))
      failures.push(`the queues did not drain within ${DRAIN_LIMIT_MS / 1000} s after the load stopped`);
    clearInterval(sampler);
    options.progress(`drained at ${seconds(started)} s`);
    rss.end = rssKiB(final.pid) ?? 0;
    rss.max = Math.max(rss.max, rss.end);
    const exit = await stopPortal(final);
    if (exit !== 0) failures.push(`the final life did not shut down cleanly on SIGTERM (exit ${exit})`);

    const check = await checkSoak(world, counts, lives);
    failures.push(...check.failures);
    // Flat: the end of the final life within a quarter (plus 32 MiB for the collector's moods) of its warmed-up size.
    if (rss.start === 0 || rss.end > rss.start * 1.25 + 32 * 1024)
      failures.push(`the final life's memory grew from ${rss.start} KiB after warm-up to ${rss.end} KiB`);
    return {
      options,
      seconds: seconds(started),
      lives,
      counts,
      tally: world.tally,
      faults: weather.counts,
      desk: desk.tally,
      figures: check.figures,
      portalErrors: check.portalErrors,
      rss,
      failures,
    };
  } finally {
    // On the way out after an error: people stop starting actions (those under way fail on their own).
    void load?.stop();
    const life = lives.current();
    if (life !== null && isAlive(life)) await killPortal(life);
    await world.close();
  }
}

async function queuesDrained(world: SoakWorld): Promise<boolean> {
  const { db } = world.store;
  const open = await db
    .selectFrom('outbox_jobs')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  const pending = await db.selectFrom('pending_passwords').select('job_id').executeTakeFirst();
  const mail = await db
    .selectFrom('mail_queue')
    .select('id')
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirst();
  return open === undefined && pending === undefined && mail === undefined;
}

/** Polls `check` until it is true or `deadline` passes; says which. */
async function until(check: () => boolean | Promise<boolean>, deadline: number): Promise<boolean> {
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 1000);
}
