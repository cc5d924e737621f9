import { passgateProject } from '../../vitest.shared.ts';

// Browser tests: one file at a time (each holds the run's heavy turn, test/support/heavy-turn.ts),
// since each starts a Chromium on a 2-core machine and some write the machine-wide policy folder
// /etc/chromium/policies/managed/. Files of the other projects run beside them.
export default passgateProject('e2e', {
  include: ['**/*.test.ts'],
  globalSetup: ['../support/heavy-turn-global.ts'],
  setupFiles: ['../support/heavy-turn-setup.ts'],
  // One module graph per worker, as in the other projects: vite and the browser drivers are imported
  // once, not per file (the e2e project alone: 256 s -> 230 s). No file here mocks a module.
  isolate: false,
  testTimeout: 120_000,
  hookTimeout: 180_000,
});
