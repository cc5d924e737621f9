import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { needsTheHeavyTurn } from './heavy-turn.js';

/**
 * Seconds the slowest files took in a full run on a 2-core machine (2026-12-01), for a fresh checkout:
 * CI starts from `npm ci`, so vitest has no timings of its own from an earlier run there. Keyed by
 * project and path from the repository root, as vitest's own results cache is.
 */
const KNOWN_SECONDS: Readonly<Record<string, number>> = {
  'test:test/integration/i18n-axe-browser.test.ts': 213,
  'e2e:test/e2e/extension-i18n-axe.test.ts': 62,
  'test:test/integration/portal-fuzz.test.ts': 25,
  'test:test/integration/portal-soak.test.ts': 46,
  'test:test/integration/portal-instances.test.ts': 32,
  'test:test/integration/lifecycle-model.test.ts': 68,
  'test:test/integration/i18n-journeys-browser.test.ts': 49,
  'test:test/integration/portal-demo.test.ts': 44,
  'test:test/integration/portal-sync.test.ts': 42,
  'test:test/integration/portal-crash.test.ts': 32,
  'test:test/integration/sync-late-apply.test.ts': 32,
  'test:test/integration/portal-account-browser.test.ts': 27,
  'e2e:test/e2e/policy.test.ts': 25,
  'e2e:test/e2e/redirects.test.ts': 25,
  'test:test/integration/portal-reset-browser.test.ts': 24,
  'test:test/integration/db-commands.test.ts': 22,
  'test:test/integration/admin-console-browser.test.ts': 21,
  'test:test/integration/portal-passkeys-browser.test.ts': 21,
  'test:test/integration/portal-reset-flow.test.ts': 16,
  'test:test/integration/portal-import.test.ts': 15,
  'test:test/integration/portal-drift.test.ts': 15,
  'test:test/integration/portal-account.test.ts': 14,
  'test:test/integration/portal-web-recovery-browser.test.ts': 12,
  'test:test/integration/sync-shared-pause.test.ts': 12,
  'test-postgres:test/integration/portal-reset-flow.test.ts': 12,
  'test:test/integration/portal-honest-states.test.ts': 11,
  'test-postgres:test/integration/portal-account.test.ts': 11,
  'test-postgres:test/integration/portal-passkeys.test.ts': 11,
  'e2e:test/e2e/wider.test.ts': 10,
  'test:test/integration/admin-route-matrix.test.ts': 10,
  'test:test/integration/change-checklist-browser.test.ts': 10,
  'test:test/integration/portal-reset-hardening.test.ts': 10,
  'test:test/m365-emulator/tests/cli.test.ts': 10,
  'test:test/integration/portal-suspend.test.ts': 9,
  'test:test/integration/portal-reset.test.ts': 9,
  'e2e:test/e2e/coverage.test.ts': 9,
  'e2e:test/e2e/quiet-worker.test.ts': 9,
  'e2e:test/e2e/tenant-aware.test.ts': 8,
  'e2e:test/e2e/journey.test.ts': 8,
  'core:core/src/cli/passgate-policy.test.ts': 8,
};

/** Files never timed before count as this many seconds: most files take less than a second or two. */
const UNKNOWN_SECONDS = 1;

/**
 * Orders the files so the run ends on a tail of short files, not one long file keeping a worker busy
 * while the others sit idle: the slowest first (by vitest's own timings from the last run, else the
 * table above), across projects. Heavy files take turns (heavy-turn.ts), so the order comes from
 * playing the run out on the workers: a worker that would have to wait for the turn takes the
 * slowest file without one instead.
 */
export class HeaviestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = new Map(files.map((spec) => [spec, this.secondsOf(spec)]));
    const weight = (spec: TestSpecification): number => seconds.get(spec) ?? UNKNOWN_SECONDS;
    const remaining = [...files].sort((a, b) => weight(b) - weight(a));
    const workersFreeAt = Array.from({ length: Math.max(1, this.ctx.config.maxWorkers) }, () => 0);
    let turnFreeAt = 0;
    const order: TestSpecification[] = [];
    while (remaining.length > 0) {
      const now = Math.min(...workersFreeAt);
      const worker = workersFreeAt.indexOf(now);
      const index = Math.max(
        0,
        remaining.findIndex((spec) => !needsTheHeavyTurn(spec.moduleId) || turnFreeAt <= now),
      );
      const [next] = remaining.splice(index, 1) as [TestSpecification];
      const start = needsTheHeavyTurn(next.moduleId) ? Math.max(now, turnFreeAt) : now;
      workersFreeAt[worker] = start + weight(next);
      if (needsTheHeavyTurn(next.moduleId)) turnFreeAt = workersFreeAt[worker];
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
