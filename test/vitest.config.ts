import { passgateProject } from '../vitest.shared.ts';

export default passgateProject('test', {
  include: ['**/*.test.ts'],
  exclude: ['**/node_modules/**', '**/dist/**', 'e2e/**'],
  globalSetup: ['./support/postgres-global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
