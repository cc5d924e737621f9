import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { needsTheHeavyTurn } from './heavy-turn.js';

/**
 * Seconds the slowest files took in a full run on a 2-core machine (2026-12-02), for a fresh checkout:
 * CI starts from `npm ci`, so vitest has no timings of its own from an earlier run there. Keyed by
 * project and path from the repository root, as vitest's own results cache is.
 */
const KNOWN_SECONDS: Readonly<Record<string, number>> = {
  'test:test/integration/i18n-axe-browser.test.ts': 297,
  'e2e:test/e2e/extension-i18n-axe.test.ts': 95,
  'test:test/integration/portal-soak.test.ts': 74,
  'test:test/integration/portal-instances.test.ts': 44,
  'test:test/integration/portal-sync.test.ts': 43,
  'test:test/integration/i18n-journeys-browser.test.ts': 37,
  'test:test/integration/lifecycle-model.test.ts': 36,
  'test:test/integration/portal-demo.test.ts': 35,
  'test:test/integration/portal-fuzz.test.ts': 33,
  'test:test/integration/sync-late-apply.test.ts': 25,
  'test:test/integration/portal-account-browser.test.ts': 24,
  'e2e:test/e2e/policy.test.ts': 24,
  'e2e:test/e2e/redirects.test.ts': 24,
  'test:test/integration/portal-crash.test.ts': 23,
  'test:test/integration/admin-console-browser.test.ts': 19,
  'test:test/integration/portal-reset-browser.test.ts': 18,
  'test:test/integration/portal-passkeys-browser.test.ts': 16,
  'test:test/integration/portal-lockdown.test.ts': 13,
  'test:test/integration/portal-import.test.ts': 13,
  'test:test/integration/db-commands.test.ts': 12,
  'test:test/integration/portal-database-down.test.ts': 12,
  'test-postgres:test/integration/portal-reset-mailed-ceiling.test.ts': 10,
  'test:test/integration/admin-oidc.test.ts': 10,
  'test:test/integration/portal-web-recovery-browser.test.ts': 9,
  'test:test/integration/portal-honest-states.test.ts': 9,
  'e2e:test/e2e/coverage.test.ts': 9,
  'test:test/integration/portal-states-left.test.ts': 9,
  'test:test/m365-emulator/tests/cli.test.ts': 8,
  'test:test/integration/portal-reset-mailed-ceiling.test.ts': 8,
  'e2e:test/e2e/wider.test.ts': 8,
  'test:test/integration/sync-shared-pause.test.ts': 8,
  'test-postgres:test/integration/portal-passkeys.test.ts': 7,
  'portal:portal/src/sync/sync-worker.test.ts': 7,
  'test-postgres:test/integration/portal-reset-flow.test.ts': 7,
  'test-postgres:test/integration/portal-account.test.ts': 7,
  'portal:portal/src/extension-kit/signing-key.test.ts': 7,
  'e2e:test/e2e/quiet-worker.test.ts': 6,
  'core:core/src/cli/passgate-policy.test.ts': 8,
};

/** Files never timed before count as this many seconds: most files take less than a second or two. */
const UNKNOWN_SECONDS = 1;

/**
 * Orders the files so the run ends on a tail of short files, not one long file keeping a worker busy
 * while the others sit idle: the slowest first (by vitest's own timings from the last run, else the
 * table above), light files grouped by project. Heavy files take turns (heavy-turn.ts), so the order
 * comes from playing the run out on the workers: a worker that would have to wait for the turn takes
 * the next light file instead.
 */
export class HeaviestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = new Map(files.map((spec) => [spec, this.secondsOf(spec)]));
    const weight = (spec: TestSpecification): number => seconds.get(spec) ?? UNKNOWN_SECONDS;
    const heavy = (spec: TestSpecification): boolean => needsTheHeavyTurn(spec.moduleId);
    const projectWeight = new Map<string, number>();
    for (const spec of files)
      if (!heavy(spec))
        projectWeight.set(spec.project.name, (projectWeight.get(spec.project.name) ?? 0) + weight(spec));
    const project = (spec: TestSpecification): number => projectWeight.get(spec.project.name) ?? 0;
    // Heavy files first, the slowest first: the first one fits whenever the turn is free. Light files
    // project by project (the one with the most work first), the slowest first within each: a worker
    // keeps its module graph for the next file only when that file is of the same project (vitest's pool,
    // isolate: false), and importing the portal's sources again costs a file seconds.
    const remaining = [...files].sort(
      (a, b) =>
        Number(heavy(b)) - Number(heavy(a)) ||
        (heavy(a) ? 0 : project(b) - project(a) || a.project.name.localeCompare(b.project.name)) ||
        weight(b) - weight(a),
    );
    const workersFreeAt = Array.from({ length: Math.max(1, this.ctx.config.maxWorkers) }, () => 0);
    let turnFreeAt = 0;
    const order: TestSpecification[] = [];
    while (remaining.length > 0) {
      const now = Math.min(...workersFreeAt);
      const worker = workersFreeAt.indexOf(now);
      const index = Math.max(
        0,
        remaining.findIndex((spec) => !heavy(spec) || turnFreeAt <= now),
      );
      const [next] = remaining.splice(index, 1) as [TestSpecification];
      const start = heavy(next) ? Math.max(now, turnFreeAt) : now;
      workersFreeAt[worker] = start + weight(next);
      if (heavy(next)) turnFreeAt = workersFreeAt[worker];
      order.push(next);
    }
    return order;
  }

  private secondsOf(spec: TestSpecification): number {
    const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
    const cached = this.ctx.cache.getFileTestResults(key);
    if (cached !== undefined && !cached.failed) return cached.duration / 1000;
    return KNOWN_SECONDS[key] ?? UNKNOWN_SECONDS;
  }
}
