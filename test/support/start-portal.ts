import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PasswordPolicyInput } from '@passgate/core/policy';
import {
  addUser,
  createLogger,
  openPortal,
  type Portal,
  type PortalConfig,
  type PortalConfigInput,
  parseConfig,
  startServer,
} from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { addEmulatedTenant } from './emulated-tenant.js';
import { freePort } from './free-port.js';
import { createPostgresDatabase } from './test-database.js';

export const TEST_SECRET_KEY = '5b0f3c8e91d24a7f6e3b2c1d0a9f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7';
export const TEST_TENANT_DOMAIN = 'contoso.example';
export const PORTAL_ONLY_DOMAIN = 'portal-only.example';

export interface TestUser {
  email: string;
  password: string;
  displayName?: string;
  /** Also create the user in the emulated tenant (default: when the e-mail is in the tenant's domain). */
  inMicrosoft?: boolean;
  /** Extra emulator settings for the user, e.g. a synced or admin account Microsoft will not let us change. */
  microsoft?: { onPremisesSyncEnabled?: boolean; directoryRoles?: string[]; accountEnabled?: boolean };
}

/** Two tenant users and one portal-only user, each with a known password that meets the default policy. */
export const DEFAULT_TEST_USERS: TestUser[] = [
  { email: `adele.vance@${TEST_TENANT_DOMAIN}`, password: 'Harbour-Lantern-73!', displayName: 'Adele Vance' },
  { email: `alex.wilber@${TEST_TENANT_DOMAIN}`, password: 'Copper-Meadow-58?', displayName: 'Alex Wilber' },
  { email: `pat.local@${PORTAL_ONLY_DOMAIN}`, password: 'Velvet-Orchard-91#', displayName: 'Pat Local' },
];

export interface StartTestPortalOptions {
  policy?: PasswordPolicyInput;
  users?: TestUser[];
  /** Reuse a running emulator (the caller closes it); otherwise one is started and closed with the portal. */
  emulator?: M365Emulator;
  /** Any other config fields (sync, rateLimits, organisation, demo …), merged over the test defaults. */
  config?: Partial<PortalConfigInput>;
  /** Settings of the test tenant besides its name, domains and graph block (onExpiry, onDrift …). */
  tenant?: { onExpiry?: 'suspend' | 'maintain'; onDrift?: 'report' | 'expire' | 'suspend' };
  /** Graph permissions the tenant's app holds besides Passgate's four (e.g. AUDIT_LOG_PERMISSIONS). */
  appPermissions?: readonly string[];
  /** The tenant's Graph timeoutMs (default 5,000); sync.leaseSeconds must stay ≥ 6 of them. */
  graphTimeoutMs?: number;
  /** Run the sync worker (default true). */
  startWorker?: boolean;
  /** Run the mail sender and scheduler (default: as startWorker); tests that travel in time call runOnce(). */
  startBackground?: boolean;
  /** The portal's clock (default the real one); users are seeded at this time. */
  now?: () => Date;
  /**
   * The database: a SQLite file (default), or a new database in the run's PostgreSQL cluster. The
   * test-postgres project sets PASSGATE_TEST_DATABASE=postgres to run whole suites on PostgreSQL.
   * `{ existing }`: a SQLite path or PostgreSQL URL the caller owns; it is used as it is and outlives
   * close() (db copy tests stop a portal and then move its database).
   */
  database?: 'sqlite' | 'postgres' | { existing: string };
  /**
   * The host name of publicUrl (default 127.0.0.1; the server listens there either way). Passkey tests
   * need `localhost`: browsers refuse an IP address as a passkey's site.
   */
  publicHost?: 'localhost';
}

export interface TestPortal {
  /** http://127.0.0.1:PORT (or http://localhost:PORT), also the config's publicUrl (so the Origin check passes). */
  url: string;
  emulator: M365Emulator;
  tenantId: string;
  config: PortalConfig;
  portal: Portal;
  users: TestUser[];
  /** Every log line the portal wrote (JSON), for leak scans. */
  logs: string[];
  /** The SQLite file (with -wal beside it); on PostgreSQL, the database's URL. */
  databasePath: string;
  close(): Promise<void>;
}

/**
 * A real portal for tests: real HTTP on 127.0.0.1, a temporary SQLite file, the Microsoft 365 emulator
 * behind it with one tenant owning contoso.example, and seeded users whose passwords are returned.
 */
export async function startTestPortal(options: StartTestPortalOptions = {}): Promise<TestPortal> {
  const emulator = options.emulator ?? (await startM365Emulator());
  const tenant = addEmulatedTenant(emulator, 'Contoso', TEST_TENANT_DOMAIN, options.appPermissions);
  const dir = await mkdtemp(join(tmpdir(), 'passgate-test-portal-'));
  const port = await freePort();
  const url = `http://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const choice = options.database ?? process.env.PASSGATE_TEST_DATABASE;
  const databasePath =
    typeof choice === 'object'
      ? choice.existing
      : choice === 'postgres'
        ? await createPostgresDatabase('portal')
        : join(dir, 'passgate.sqlite');
  const config = parseConfig(
    {
      publicUrl: url,
      host: '127.0.0.1',
      port,
      database: databasePath,
      // In the test folder, whichever database: a PostgreSQL URL has no folder to put it beside.
      mailDir: join(dir, 'mail'),
      secretKey: TEST_SECRET_KEY,
      policy: options.policy ?? {},
      // The portal refuses a sync lease shorter than six Graph timeouts: 5 s (well above the emulator
      // delays tests inject) keeps the 30 s leases tests use valid.
      tenants: [
        {
          name: 'contoso',
          domains: [TEST_TENANT_DOMAIN],
          graph: { ...tenant.graph, timeoutMs: options.graphTimeoutMs ?? 5_000 },
          ...options.tenant,
        },
      ],
      sync: { pollIntervalMs: 100, leaseSeconds: 30, changeWaitMs: 3000 },
      // A proof of work a test client solves in a few milliseconds (the default is sized for a person's
      // browser): forms still carry one wherever the portal asks. `bots: {}` gives the defaults.
      bots: { difficulty: 20 },
      ...options.config,
      // Suites register methods as set-up, on the password alone, then reset with them at once: no
      // cooling-off unless a suite asks for one (portal-method-cooling-off.test.ts does).
      recovery: { newMethodCoolingOffHours: 0, ...options.config?.recovery },
    },
    {},
  );
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void logs.push(line) },
  });
  const now = options.now ?? (() => new Date());
  const portal = await openPortal(config, {
    logger,
    now,
    startWorker: options.startWorker ?? true,
    ...(options.startBackground !== undefined ? { startBackground: options.startBackground } : {}),
  });
  const users = options.users ?? DEFAULT_TEST_USERS;
  for (const user of users) {
    await addUser(
      portal.store.db,
      { email: user.email, displayName: user.displayName ?? null, password: user.password },
      now(),
    );
    if (user.inMicrosoft ?? user.email.endsWith(`@${TEST_TENANT_DOMAIN}`)) {
      emulator.addUser(tenant.tenantId, {
        userPrincipalName: user.email,
        displayName: user.displayName ?? user.email,
        password: user.password,
        ...user.microsoft,
      });
    }
  }
  const server = await startServer(portal, { host: '127.0.0.1', port });
  return {
    url,
    emulator,
    tenantId: tenant.tenantId,
    config,
    portal,
    users,
    logs,
    databasePath,
    async close(): Promise<void> {
      await server.close();
      await portal.close();
      if (options.emulator === undefined) await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
