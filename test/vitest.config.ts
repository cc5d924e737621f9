import { passgateProject } from '../vitest.shared.ts';

export default passgateProject('test', {
  include: ['**/*.test.ts'],
  exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
  globalSetup: [
    './support/postgres-global-setup.ts',
    './support/heavy-turn-global.ts',
    './support/build-portal-global.ts',
  ],
  // Browser files and those running several processes take the run's heavy turn, as e2e files do.
  setupFiles: ['./support/heavy-turn-setup.ts'],
  // One module graph per worker, as in the unit projects (vitest.shared.ts): a full run's summed import
  // time fell from 468 s to 247 s. No file here mocks a module (one that does belongs in its own project).
  isolate: false,
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
