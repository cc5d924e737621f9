import { passgateProject } from '../../vitest.shared.ts';

// Browser tests: one file at a time, since each starts a Chromium on a 2-core machine and some
// write the machine-wide policy folder /etc/chromium/policies/managed/.
export default passgateProject('e2e', {
  include: ['**/*.test.ts'],
  fileParallelism: false,
  testTimeout: 120_000,
  hookTimeout: 180_000,
});
