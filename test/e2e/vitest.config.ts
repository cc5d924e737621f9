import { passgateProject } from '../../vitest.shared.ts';

// Browser tests: one file at a time (each holds the run's heavy turn, test/support/heavy-turn.ts),
// since each starts a Chromium on a 2-core machine and some write the machine-wide policy folder
// /etc/chromium/policies/managed/. Files of the other projects run beside them.
export default passgateProject('e2e', {
  include: ['**/*.test.ts'],
  globalSetup: ['../support/heavy-turn-global.ts'],
  setupFiles: ['../support/heavy-turn-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 180_000,
});
