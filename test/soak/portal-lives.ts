import type { Store } from '@passgate/portal';
import { KILL_CAP_MS, type KillPlan, type KillWhen } from './kill-plan.js';
import {
  type Incarnation,
  isAlive,
  killPortal,
  rssKiB,
  spawnPortal,
  waitHealthy,
} from './portal-incarnation.js';
import type { HttpTally } from './soak-browser.js';

// A life that is not listening this long after spawn is stuck: a crash loop or a database that will not open.
const START_LIMIT_MS = 90_000;
const POLL_MS = 25;

/** Every life of the portal in one soak, and what ended each. */
export interface PortalLives {
  lives: Incarnation[];
  kills: Map<KillWhen, number>;
  /** Spawn to first healthy answer, per life that got there. */
  startMs: number[];
  /** RSS (KiB) of each life just before it was killed, when it was up. */
  rssAtKill: number[];
  /** Lives that ended on their own or never became healthy, with the end of their output. */
  failures: string[];
  current(): Incarnation | null;
  /** Starts a new life and waits until it answers /healthz. Throws after repeated failed starts. */
  start(): Promise<Incarnation>;
  /** Runs one life to its kill: starts it, waits for the plan's moment, kills it. */
  liveAndKill(plan: KillPlan): Promise<void>;
}

export function createPortalLives(options: {
  configPath: string;
  env: Record<string, string>;
  url: string;
  tally: HttpTally;
  db: Store['db'];
}): PortalLives {
  const lives: Incarnation[] = [];
  const kills = new Map<KillWhen, number>();
  const startMs: number[] = [];
  const rssAtKill: number[] = [];
  const failures: string[] = [];

  const tail = (life: Incarnation): string => life.output.join('').slice(-2_000);

  function spawn(): Incarnation {
    const life = spawnPortal(lives.length + 1, options.configPath, options.env);
    lives.push(life);
    // A life that dies on its own (not by our kill) is a failure whenever it happens.
    void life.exited.then((exit) => {
      if (life.endedBy === null)
        failures.push(`life ${life.number} exited by itself (${exit}):\n${tail(life)}`);
    });
    return life;
  }

  async function start(): Promise<Incarnation> {
    for (let tries = 1; ; tries += 1) {
      const life = spawn();
      const state = await waitHealthy(life, options.url, START_LIMIT_MS);
      if (state === 'healthy') {
        startMs.push((life.healthyAt ?? Date.now()) - life.spawnedAt);
        return life;
      }
      if (state === 'timeout') {
        failures.push(
          `life ${life.number} did not answer /healthz within ${START_LIMIT_MS} ms:\n${tail(life)}`,
        );
        await killPortal(life);
      }
      if (tries >= 3) throw new Error(`the portal would not start (${tries} tries): a crash loop`);
    }
  }

  function record(life: Incarnation, when: KillWhen): void {
    kills.set(when, (kills.get(when) ?? 0) + 1);
    const rss = life.healthyAt === null ? null : rssKiB(life.pid);
    if (rss !== null) rssAtKill.push(rss);
  }

  async function until(check: () => boolean | Promise<boolean>, deadline: number): Promise<void> {
    while (Date.now() < deadline && !(await check())) await sleep(POLL_MS);
  }

  async function liveAndKill(plan: KillPlan): Promise<void> {
    if (plan.when === 'starting') {
      const life = spawn();
      void waitHealthy(life, options.url, START_LIMIT_MS);
      await until(() => !isAlive(life), life.spawnedAt + plan.afterSpawnMs);
      if (!isAlive(life)) return;
      record(life, 'starting');
      await killPortal(life);
      return;
    }
    const life = await start();
    const armedAt = life.healthyAt ?? Date.now();
    await until(() => !isAlive(life), armedAt + plan.notBeforeMs);
    const deadline = Date.now() + KILL_CAP_MS;
    if (plan.when === 'posts') {
      const target = options.tally.posts + plan.posts;
      await until(() => !isAlive(life) || options.tally.posts >= target, deadline);
      await until(() => !isAlive(life), Date.now() + plan.extraMs);
    } else if (plan.when === 'job') {
      const since = life.spawnedAt;
      await until(async () => !isAlive(life) || (await jobInFlight(options.db, since)), deadline);
      await until(() => !isAlive(life), Date.now() + plan.extraMs);
    }
    if (!isAlive(life)) return;
    record(life, plan.when);
    await killPortal(life);
  }

  return {
    lives,
    kills,
    startMs,
    rssAtKill,
    failures,
    current: () => lives.at(-1) ?? null,
    start,
    liveAndKill,
  };
}

/** A Graph job claimed since `since` (by this life) is running. */
async function jobInFlight(db: Store['db'], since: number): Promise<boolean> {
  const row = await db
    .selectFrom('outbox_jobs')
    .select('id')
    .where('status', '=', 'running')
    .where('updated_at', '>=', since)
    .executeTakeFirst();
  return row !== undefined;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
