import { defineConfig } from 'vitest/config';
import { HeaviestFirstSequencer } from './test/support/heaviest-first-sequencer.ts';

export default defineConfig({
  test: {
    projects: [
      'core',
      'portal',
      'portal/vitest.isolated.config.ts',
      'extension',
      'extension/vitest.isolated.config.ts',
      'test',
      'test/vitest.postgres.config.ts',
      'test/e2e',
    ],
    // One test file per core. Most of an integration file's time is spent waiting (for the sync worker,
    // Microsoft's Retry-After, a child process starting), which the other file fills; vitest's default
    // on 2 cores is a single worker. Browser files and files that run several processes take turns
    // (test/support/heavy-turn.ts): two of them at once starve each other.
    maxWorkers: 2,
    // The slowest files first, so the run does not end with one worker on a long file.
    sequence: { sequencer: HeaviestFirstSequencer },
    // The JSON report is what .ci/run reads for its closing totals line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
