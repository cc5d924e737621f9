import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['core', 'portal', 'extension', 'test', 'test/vitest.postgres.config.ts', 'test/e2e'],
    // The JSON report is what .ci/run reads for its closing totals line.
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
  },
});
