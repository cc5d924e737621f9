import { passgateProject } from '../vitest.shared.ts';

export default passgateProject('test', {
  include: ['**/*.test.ts'],
  exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
  globalSetup: ['./support/postgres-global-setup.ts', './support/browser-turn-global.ts'],
  // Files named *-browser.test.ts take the run's browser turn, with the e2e files.
  setupFiles: ['./support/browser-turn-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
