import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A folder of this run only, in which heavy-turn.ts takes and gives back the one heavy turn. */
    heavyTurnDir: string;
  }
}

/**
 * The folder of this run's heavy turn. Named after vitest's own process, so every project with heavy
 * files (test, e2e) gets the same one, and a run never waits for another run's.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = join(tmpdir(), `passgate-heavy-turn-${process.pid}`);
  await mkdir(dir, { recursive: true });
  project.provide('heavyTurnDir', dir);
  return () => rm(dir, { recursive: true, force: true });
}
