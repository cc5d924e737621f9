import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  addUser,
  createLogger,
  openPortal,
  type Portal,
  type PortalConfig,
  parseConfig,
} from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmulatedTenant } from '../support/emulated-tenant.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import { createPostgresDatabase, testDialects } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

// Issue 10: Microsoft throttles per app per tenant, and every portal instance is that one app. When one
// instance is told 429 with Retry-After, the others must not call the tenant before the pause ends (they
// would only draw more 429s and lose part of the refilled budget), and must call it again as soon as it
// ends. Two portals on one database, each with its own worker, pool and Graph client, as two machines
// behind a load balancer are; on SQLite the same code runs with one writer at a time.

const RETRY_AFTER_SECONDS = 3;
const OLD = 'Harbour-Lantern-73!';
const ANN_NEW = 'Granite-Willow-58?';
const BOB_NEW = 'Cobalt-Meadow-63#';
const ann = 'ann.pause@contoso.example';
const bob = 'bob.pause@contoso.example';

describe.each(testDialects())('a throttling pause shared by two portal instances (%s)', (dialect) => {
  let emulator: M365Emulator;
  let dir: string;
  let tenantId: string;
  /** Its worker is driven by hand (runOnce): it meets the 429. */
  let first: Portal;
  /** Its worker runs on its own, polling only once a minute: it must wake at the pause's end by itself. */
  let second: Portal | undefined;
  let config: PortalConfig;
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    emulator = await startM365Emulator();
    const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
    tenantId = tenant.tenantId;
    dir = await mkdtemp(join(tmpdir(), 'passgate-shared-pause-'));
    const database =
      dialect === 'postgres' ? await createPostgresDatabase('shared_pause') : join(dir, 'passgate.sqlite');
    config = parseConfig(
      {
        publicUrl: 'http://127.0.0.1:1',
        database,
        mailDir: join(dir, 'mail'),
        secretKey: TEST_SECRET_KEY,
        tenants: [
          { name: 'contoso', domains: ['contoso.example'], graph: { ...tenant.graph, timeoutMs: 5_000 } },
        ],
        // No poll comes in time to explain a prompt resume: only the wake-up at the pause's end can.
        sync: { pollIntervalMs: 60_000, leaseSeconds: 30, changeWaitMs: 0 },
      },
      {},
    );
    first = await openPortal(config, { logger, startWorker: false });
    for (const email of [ann, bob]) {
      await addUser(first.store.db, { email, password: OLD }, new Date());
      emulator.addUser(tenantId, { userPrincipalName: email, password: OLD });
    }
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const change = (portal: Portal, email: string, newPassword: string) =>
    portal.accounts.changePassword({
      email,
      currentPassword: OLD,
      newPassword,
      clientIp: '192.0.2.40',
      userAgent: 'vitest',
    });

  const jobState = async (email: string): Promise<string | undefined> =>
    (
      await first.store.db
        .selectFrom('outbox_jobs')
        .select('status')
        .where('upn', '=', email)
        .executeTakeFirst()
    )?.status;

  it('keeps the other instance from writing to the tenant until the pause ends, then it writes at once', async () => {
    emulator.injectFaults({
      kind: 'status',
      status: 429,
      retryAfterSeconds: RETRY_AFTER_SECONDS,
      count: 1,
      pathPrefix: '/v1.0/users/',
    });
    expect(await change(first, ann, ANN_NEW)).toMatchObject({ status: 'queued' });
    // The first instance sends Ann's password and is told to come back in 3 s.
    expect(await first.worker.runOnce()).toBe(1);
    const writes = () =>
      emulator.requests().filter((r) => r.method === 'PATCH' && r.path.startsWith('/v1.0/users/'));
    const throttledAt = writes().findIndex((r) => r.status === 429);
    const throttled = writes()[throttledAt];
    if (throttled === undefined) throw new Error('the emulator answered no 429');

    // The other instance starts now (so it cannot have taken Ann's job first), and Bob's change goes to
    // it: its worker, woken by the change, would write at once were it not for the pause.
    second = await openPortal(config, { logger, startWorker: true });
    expect(await change(second, bob, BOB_NEW)).toMatchObject({ status: 'queued' });
    await waitUntil(async () => (await jobState(bob)) === 'done');

    // What Microsoft 365 received: after the 429, nothing before Retry-After was up.
    const pauseEnd = throttled.at + RETRY_AFTER_SECONDS * 1000;
    const after = writes().slice(throttledAt + 1);
    expect(after.map((r) => r.status)).toEqual([204, 204]);
    for (const request of after) expect(request.at).toBeGreaterThanOrEqual(pauseEnd);
    expect(emulator.verifyPassword(tenantId, bob, BOB_NEW)).toBe(true);

    // Ann's job came due with the pause's end too, and went through (whichever instance took it).
    await waitUntil(async () => (await jobState(ann)) === 'done');
    expect(emulator.verifyPassword(tenantId, ann, ANN_NEW)).toBe(true);
  });
});
