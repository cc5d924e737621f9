import { passgateProject } from '../vitest.shared.ts';

// The integration suites that exercise the store, again on PostgreSQL (startTestPortal reads
// PASSGATE_TEST_DATABASE). Suites that scan the SQLite file's bytes for leaks stay on SQLite only
// (portal-reset-flow scans every table's rows instead on PostgreSQL).
export default passgateProject('test-postgres', {
  include: [
    'integration/admin-console.test.ts',
    'integration/admin-sessions.test.ts',
    'integration/portal-bot-challenge.test.ts',
    'integration/portal-account.test.ts',
    'integration/portal-account-lockout.test.ts',
    'integration/portal-notice-undone.test.ts',
    'integration/extension-heartbeat.test.ts',
    'integration/portal-change.test.ts',
    'integration/portal-drift.test.ts',
    'integration/portal-suspend-drift.test.ts',
    'integration/portal-limits.test.ts',
    'integration/portal-passkeys.test.ts',
    'integration/portal-lockout-devices.test.ts',
    'integration/portal-lockout-race.test.ts',
    'integration/portal-method-cooling-off.test.ts',
    'integration/portal-proof-races.test.ts',
    'integration/portal-reminders.test.ts',
    'integration/portal-reset-flow.test.ts',
    'integration/portal-reset-code-ceiling.test.ts',
    'integration/portal-reset-mailed-ceiling.test.ts',
    'integration/portal-reset-hardening.test.ts',
    'integration/portal-states-left.test.ts',
    'integration/portal-suspend-race.test.ts',
    'integration/portal-suspend-renewal.test.ts',
    'integration/portal-web-recovery.test.ts',
  ],
  globalSetup: ['./support/postgres-global-setup.ts'],
  env: { PASSGATE_TEST_DATABASE: 'postgres' },
  // One module graph per worker, as in the unit projects (vitest.shared.ts): a full run's summed import
  // time fell from 468 s to 247 s. No file here mocks a module (one that does belongs in its own project).
  isolate: false,
  testTimeout: 60_000,
  hookTimeout: 120_000,
});
