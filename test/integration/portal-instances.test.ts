import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addUser, hashPassword, openStore, type Store } from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addEmulatedTenant } from '../support/emulated-tenant.js';
import { freePort } from '../support/free-port.js';
import { type PortalProcess, startPortalProcess } from '../support/portal-process.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import { submitChange } from '../support/submit-change.js';
import { createPostgresDatabase, testDialects } from '../support/test-database.js';
import { waitUntil } from '../support/wait-until.js';

// Issue 10: three `passgate serve` processes on ONE PostgreSQL database, with the Microsoft 365
// emulator; 300 people change their password (the first 50 twice) through all three while one instance is
// killed with SIGKILL and restarted. Afterwards Microsoft 365 holds, for every person, exactly the
// last password the portal accepted; parallel wrong passwords spread over the instances are never
// evaluated more than maxAttempts times; reminders go out once per person per day.

const OLD = 'Harbour-Lantern-73!';
const PEOPLE = 300;
const MAX_ATTEMPTS = 5;
const emails = Array.from({ length: PEOPLE }, (_, i) => `p${i}.multi@contoso.example`);
const TWICE = 50;
/** The passwords person i changes to, in order: the last one is what Microsoft 365 must end with. */
const passwordsOf = (i: number): string[] =>
  i < TWICE ? [`Granite-${i}-Lantern-1!`, `Willow-${i}-Harbour-2?`] : [`Granite-${i}-Lantern-1!`];
const reminded = emails.slice(0, 20);

interface Instance {
  url: string;
  config: string;
  process: PortalProcess | null;
}

let emulator: M365Emulator;
let tenantId = '';
let dir = '';
let store: Store;
let env: Record<string, string> = {};
const instances: Instance[] = [];

async function startInstance(instance: Instance): Promise<void> {
  instance.process = await startPortalProcess(instance.config, env, instance.url);
}

beforeAll(async () => {
  if (!testDialects().includes('postgres')) return;
  emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
  tenantId = tenant.tenantId;
  dir = await mkdtemp(join(tmpdir(), 'passgate-instances-'));
  const database = await createPostgresDatabase('instances');
  store = await openStore(database, { poolSize: 4 });
  // One hash for everybody: seeding 300 argon2id hashes one by one would take most of a minute.
  const hash = await hashPassword(OLD);
  for (const email of emails) {
    await addUser(store.db, { email, password: null }, new Date());
    emulator.addUser(tenantId, { userPrincipalName: email, password: OLD });
  }
  await store.db.updateTable('users').set({ password_hash: hash, status: 'active' }).execute();
  // Twenty people are 5 days from expiry: the schedulers of all three instances see them at once.
  const changedAt = Date.now() - 85 * 86_400_000;
  await store.db
    .updateTable('users')
    .set({ password_changed_at: changedAt })
    .where('email', 'in', reminded)
    .execute();
  const { clientSecret, ...graph } = tenant.graph;
  env = {
    PASSGATE_SECRET_KEY: TEST_SECRET_KEY,
    PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: clientSecret,
    PASSGATE_DATABASE: database,
  };
  for (let i = 0; i < 3; i += 1) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const config = join(dir, `instance-${i}.json`);
    await writeFile(
      config,
      JSON.stringify({
        publicUrl: url,
        host: '127.0.0.1',
        port,
        databasePoolSize: 6,
        mailDir: join(dir, 'mail'),
        log: { level: 'warn' },
        policy: {
          maxAgeDays: 90,
          expiryWarningDays: 14,
          lockout: { maxAttempts: MAX_ATTEMPTS, durationSeconds: 900, resetCounterMinutes: 15 },
        },
        tenants: [{ name: 'contoso', domains: ['contoso.example'], graph: { ...graph, timeoutMs: 3_000 } }],
        sync: { leaseSeconds: 18, pollIntervalMs: 100, changeWaitMs: 300, concurrency: 4 },
        scheduler: { intervalSeconds: 1, leaseSeconds: 5 },
        rateLimits: { perAddress: { max: 100_000 }, perAccount: { max: 100 } },
        // The lockout test's wrong passwords all come from this one address, at once: every one of them
        // must reach the lockout counter, never be stopped earlier by a proof of work it cannot solve.
        bots: { signInFailuresBeforeChallenge: 10_000 },
      }),
    );
    instances.push({ url, config, process: null });
  }
  await Promise.all(instances.map(startInstance));
}, 240_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.process?.stop()));
  await store?.close();
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A change through instance `at`; a connection cut by the kill is retried on the next instance. */
async function changeThrough(at: number, email: string, current: string, next: string): Promise<number> {
  for (let attempt = 0; ; attempt += 1) {
    const instance = instances[(at + attempt) % instances.length] as Instance;
    try {
      return (await submitChange(instance.url, { email, currentPassword: current, newPassword: next }))
        .status;
    } catch (error) {
      if (attempt > 20) throw error;
      // The instance is down (refused, or the connection died mid-request): the next one takes it. If the
      // cut request was accepted, the retry is refused (the old password is no longer the only current
      // one, or the new one is taken): either way the new password is the one accepted.
    }
  }
}

describe.runIf(testDialects().includes('postgres'))(
  'three portal instances on one PostgreSQL database',
  () => {
    it('applies every person’s last accepted password exactly once, in order, through a kill -9', async () => {
      let started = 0;
      let killed = false;
      const statuses = new Map<number, number>();
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < PEOPLE) {
          const i = next;
          next += 1;
          const email = emails[i] as string;
          const sequence = [OLD, ...passwordsOf(i)];
          for (let step = 1; step < sequence.length; step += 1) {
            const current = sequence[step - 1] as string;
            const fresh = sequence[step] as string;
            started += 1;
            if (!killed && started === 150) {
              killed = true;
              // One instance dies mid-run, with requests and sync jobs in flight, and comes back.
              const victim = instances[1] as Instance;
              void victim.process?.crash().then(() => startInstance(victim));
            }
            const status = await changeThrough(i + started, email, current, fresh);
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
          }
        }
      };
      await Promise.all(Array.from({ length: 12 }, worker));
      // Every answer was an acceptance (applied 200 / queued 202), or, for a retried cut request, the
      // refusal that shows the first try had been accepted: never a server error.
      expect([...statuses.keys()].every((status) => status < 500)).toBe(true);
      await waitUntil(async () => {
        const open = await store.db
          .selectFrom('outbox_jobs')
          .select('id')
          .where('status', 'in', ['queued', 'running'])
          .execute();
        return open.length === 0;
      }, 120_000);
      const wrong: string[] = [];
      for (let i = 0; i < PEOPLE; i += 1) {
        const email = emails[i] as string;
        const last = passwordsOf(i).at(-1) as string;
        if (!emulator.verifyPassword(tenantId, email, last)) wrong.push(email);
      }
      expect(wrong).toEqual([]);
      // Exactly once and in order: per person, Microsoft 365 was sent the first password at most once
      // (then superseded or applied) and never after the second.
      const jobs = await store.db
        .selectFrom('outbox_jobs')
        .select(['user_id', 'seq', 'status'])
        .where('kind', '=', 'set_password')
        .orderBy('user_id')
        .orderBy('seq')
        .execute();
      const failed = jobs.filter((job) => job.status === 'failed');
      expect(failed).toEqual([]);
      const pending = await store.db.selectFrom('pending_passwords').select('job_id').execute();
      expect(pending).toEqual([]);
      expect(instances[1]?.process?.child.exitCode).toBeNull();
    }, 300_000);

    it('evaluates no more than maxAttempts of parallel wrong passwords spread over the instances', async () => {
      const email = emails[PEOPLE - 1] as string;
      const answers = await Promise.all(
        Array.from({ length: 30 }, async (_, i) => {
          const instance = instances[i % instances.length] as Instance;
          const page = await fetch(`${instance.url}/signin`);
          const cookie = page.headers
            .getSetCookie()
            .map((c) => c.split(';')[0])
            .join('; ');
          const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
          const response = await fetch(`${instance.url}/signin`, {
            method: 'POST',
            headers: { cookie, origin: instance.url, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: token, email, currentPassword: `Wrong-Guess-${i}!` }),
          });
          await response.body?.cancel();
          return response.status;
        }),
      );
      // 401: the password was evaluated (and wrong); 423: refused as locked without evaluating it.
      expect(answers.filter((status) => status === 401)).toHaveLength(MAX_ATTEMPTS);
      expect(answers.filter((status) => status === 423)).toHaveLength(30 - MAX_ATTEMPTS);
    });

    it('sends each person close to expiry one reminder that day, whichever instance’s scheduler runs', async () => {
      const reminders = () =>
        store.db.selectFrom('mail_queue').select(['user_id']).where('kind', '=', 'expiry_warning').execute();
      await waitUntil(async () => (await reminders()).length >= reminded.length, 60_000);
      // Let every instance's scheduler run again (the lease changes hands or is renewed) before counting.
      const leases = async () =>
        (await store.db.selectFrom('scheduler_leases').select(['lease_until']).execute())[0]?.lease_until ??
        0;
      const seen = await leases();
      await waitUntil(async () => (await leases()) > seen + 2_000, 30_000);
      const rows = await reminders();
      expect(rows).toHaveLength(reminded.length);
      expect(new Set(rows.map((row) => row.user_id)).size).toBe(reminded.length);
    });
  },
);
