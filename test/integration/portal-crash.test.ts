import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, openStore, verifyPassword } from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { addEmulatedTenant } from '../support/emulated-tenant.js';
import { freePort } from '../support/free-port.js';
import { type PortalProcess, startPortalProcess } from '../support/portal-process.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import { submitChange } from '../support/submit-change.js';

const OLD = 'Harbour-Lantern-73!';
const USERS = ['ada', 'bea', 'cal', 'dov', 'eli', 'fay'].map((name) => `${name}.crash@contoso.example`);
const passwordsOf = (email: string): string[] =>
  [1, 2, 3].map((n) => `Granite-${email.slice(0, 3)}-Path-${n}${n}!`);

let emulator: M365Emulator | undefined;
let portal: PortalProcess | undefined;
let dir = '';
afterAll(async () => {
  await portal?.stop();
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Each portal process compiles the sources through tsx at start: slow on a busy 2-core machine, hence the long timeout.
describe('the portal process under kill -9', () => {
  it('applies every accepted change exactly as accepted after a restart, never an older one after a newer', async () => {
    emulator = await startM365Emulator();
    const em = emulator;
    const tenant = addEmulatedTenant(em, 'Contoso', 'contoso.example');
    dir = await mkdtemp(join(tmpdir(), 'passgate-crash-'));
    const database = join(dir, 'passgate.sqlite');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const { clientSecret, ...graph } = tenant.graph;
    const configPath = join(dir, 'passgate.json');
    await writeFile(
      configPath,
      JSON.stringify({
        publicUrl: url,
        host: '127.0.0.1',
        port,
        database,
        // Requests time out after 3 s (above the 1.5 s delay injected below); the lease must cover six.
        tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: { ...graph, timeoutMs: 3_000 } }],
        sync: { leaseSeconds: 18, pollIntervalMs: 100, changeWaitMs: 300, concurrency: 4 },
        rateLimits: { perAddress: { max: 1000 }, perAccount: { max: 100 } },
      }),
    );
    // Secrets come from the environment, as in production.
    const env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY, PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: clientSecret };
    const seed = await openStore(database);
    for (const email of USERS) {
      await addUser(seed.db, { email, password: OLD }, new Date());
      em.addUser(tenant.tenantId, { userPrincipalName: email, password: OLD });
    }
    await seed.close();

    portal = await startPortalProcess(configPath, env, url);
    // Watch what Microsoft 365 holds for each user, to catch an older password landing after a newer one.
    const seen = new Map<string, number[]>(USERS.map((email) => [email, [0]]));
    const sampler = setInterval(() => {
      for (const email of USERS) {
        const index = [OLD, ...passwordsOf(email)].findIndex((password) =>
          em.verifyPassword(tenant.tenantId, email, password),
        );
        const history = seen.get(email) ?? [];
        if (index >= 0 && history.at(-1) !== index) history.push(index);
      }
    }, 20);

    // Every write to Microsoft 365 now takes 1.5 s, so the process dies with jobs in flight.
    em.injectFaults({ kind: 'delay', ms: 1500, count: 1000 });
    const accepted = new Map<string, string>();
    await Promise.all(
      USERS.map(async (email) => {
        let current = OLD;
        for (const next of passwordsOf(email)) {
          const result = await submitChange(url, { email, currentPassword: current, newPassword: next });
          expect([200, 202], `change for ${email}`).toContain(result.status);
          accepted.set(email, next);
          current = next;
        }
      }),
    );
    const inspect = await openStore(database);
    await until(
      async () =>
        (await inspect.db.selectFrom('outbox_jobs').select('id').where('status', '=', 'running').execute())
          .length > 0,
      10_000,
      'a job in flight',
    );
    await portal.crash();
    const running = await inspect.db
      .selectFrom('outbox_jobs')
      .select('id')
      .where('status', '=', 'running')
      .execute();
    expect(running.length).toBeGreaterThan(0);

    const crashedOutput = portal.output.join('');
    portal = await startPortalProcess(configPath, env, url);
    const open = () =>
      inspect.db
        .selectFrom('outbox_jobs')
        .select('id')
        .where('status', 'in', ['queued', 'running'])
        .execute();
    await until(async () => (await open()).length === 0, 45_000, 'the queue to drain after the restart');
    clearInterval(sampler);

    for (const email of USERS) {
      const last = accepted.get(email) ?? '';
      expect(em.verifyPassword(tenant.tenantId, email, last), `${email} in Microsoft 365`).toBe(true);
      const user = await inspect.db
        .selectFrom('users')
        .select(['id', 'password_hash'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      expect(await verifyPassword(user.password_hash, last), `${email} in the portal`).toBe(true);
      const observed = seen.get(email) ?? [];
      expect(observed, `${email} went back to an older password`).toEqual(
        [...observed].sort((a, b) => a - b),
      );
      const statuses = await inspect.db
        .selectFrom('outbox_jobs')
        .select('status')
        .where('user_id', '=', user.id)
        .execute();
      expect(statuses.every((s) => s.status === 'done' || s.status === 'superseded')).toBe(true);
    }
    expect(await inspect.db.selectFrom('pending_passwords').selectAll().execute()).toEqual([]);
    expect(
      await inspect.db.selectFrom('outbox_jobs').select('id').where('payload', 'is not', null).execute(),
    ).toEqual([]);
    await inspect.close();

    const output = crashedOutput + portal.output.join('');
    for (const email of USERS)
      for (const password of [OLD, ...passwordsOf(email)]) expect(output.includes(password)).toBe(false);
  }, 180_000);
});
