import { passgateProject } from '../vitest.shared.ts';

export default passgateProject('test', {
  include: ['**/*.test.ts'],
  exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
  globalSetup: ['./support/postgres-global-setup.ts', './support/heavy-turn-global.ts'],
  // Browser files and those running several processes take the run's heavy turn, as e2e files do.
  setupFiles: ['./support/heavy-turn-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
