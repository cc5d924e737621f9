import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type PasswordPolicy, type PasswordPolicyInput, passwordPolicySchema } from '@passgate/core/policy';
import { addUser, openStore, type Store } from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { addEmulatedTenant } from '../support/emulated-tenant.js';
import { freePort } from '../support/free-port.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { TEST_SECRET_KEY } from '../support/start-portal.js';
import type { Person } from './person.js';
import type { Prng } from './prng.js';
import { createHttpTally, type HttpTally, openSoakBrowser } from './soak-browser.js';
import { createPasswordSource } from './soak-passwords.js';
import { openLedger } from './user-ledger.js';

/** Each Graph request's timeout in the portal; the fault weather's slow answers reach twice this. */
export const GRAPH_TIMEOUT_MS = 1_000;
export const LOCKOUT_ATTEMPTS = 3;

// historyCount 1: every remembered password costs an argon2 verify per change on two shared cores, and
// no person here ever reuses one. Lockout after 3 so a lockout costs few hashes.
const POLICY: PasswordPolicyInput = {
  historyCount: 1,
  lockout: { maxAttempts: LOCKOUT_ATTEMPTS, durationSeconds: 300, resetCounterMinutes: 15 },
};

/** Everything a soak runs against: Microsoft 365, a mailbox, one database file, and the pool of people. */
export interface SoakWorld {
  dir: string;
  url: string;
  configPath: string;
  /** Secrets come from the environment, as in production. */
  env: Record<string, string>;
  emulator: M365Emulator;
  tenantId: string;
  sink: SmtpSink;
  /** The soak's own connection to the portal's database: seeding, the job-in-flight trigger, the checks. */
  store: Store;
  policy: PasswordPolicy;
  people: Person[];
  tally: HttpTally;
  nextPassword: (email: string) => string;
  close(): Promise<void>;
}

/** `keep`: leave the folder (database, config) in place for a post-mortem. */
export async function openSoakWorld(users: number, prng: Prng, keep = false): Promise<SoakWorld> {
  const emulator = await startM365Emulator();
  const tenant = addEmulatedTenant(emulator, 'Contoso', 'contoso.example');
  const sink = await startSmtpSink();
  const dir = await mkdtemp(join(tmpdir(), 'passgate-soak-'));
  const database = join(dir, 'passgate.sqlite');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { clientSecret, ...graph } = tenant.graph;
  const many = { max: 1_000_000, windowSeconds: 60 };
  const configPath = join(dir, 'passgate.json');
  await writeFile(
    configPath,
    JSON.stringify({
      publicUrl: url,
      host: '127.0.0.1',
      port,
      database,
      policy: POLICY,
      tenants: [
        { name: 'contoso', domains: ['contoso.example'], graph: { ...graph, timeoutMs: GRAPH_TIMEOUT_MS } },
      ],
      // The lease is the shortest the config allows for this timeout (6 Graph requests per job): a killed
      // life's jobs are claimable again soon. Backoff is capped low so a retried job comes back quickly.
      sync: {
        concurrency: 4,
        leaseSeconds: 6,
        pollIntervalMs: 200,
        changeWaitMs: 2_000,
        maxBackoffSeconds: 5,
      },
      // The shortest mail lease the config allows: a reset mail a killed life had claimed is sent again
      // after 30 s rather than the default 60 (the CI soak otherwise ends waiting out such a lease).
      mailQueue: { leaseSeconds: 30 },
      rateLimits: { perAccount: many, perAddress: many, resetPerAccount: many, resetPerAddress: many },
      // Every person's browser solves the proof of work /reset and a failing address are asked for; an
      // easy one, so the soak's load stays the portal's work rather than the clients' puzzles.
      bots: { difficulty: 20 },
      mail: sink.mailConfig,
      organisation: { name: 'Contoso' },
      log: { level: 'warn' },
    }),
  );
  const env = { PASSGATE_SECRET_KEY: TEST_SECRET_KEY, PASSGATE_TENANT_CONTOSO_CLIENT_SECRET: clientSecret };
  const policy = passwordPolicySchema.parse(POLICY);
  const nextPassword = createPasswordSource(prng.fork('passwords'), policy);
  const tally = createHttpTally();
  const store = await openStore(database);
  const people: Person[] = [];
  for (let i = 0; i < users; i += 1) {
    const email = `p${String(i).padStart(2, '0')}.soak@contoso.example`;
    const initial = nextPassword(email);
    await addUser(store.db, { email, password: initial }, new Date());
    emulator.addUser(tenant.tenantId, { userPrincipalName: email, password: initial });
    people.push({
      ledger: openLedger(email, initial),
      browser: openSoakBrowser(url, tally),
      suspended: false,
    });
  }
  return {
    dir,
    url,
    configPath,
    env,
    emulator,
    tenantId: tenant.tenantId,
    sink,
    store,
    policy,
    people,
    tally,
    nextPassword,
    async close(): Promise<void> {
      await store.close();
      await sink.stop();
      await emulator.close();
      if (!keep) await rm(dir, { recursive: true, force: true });
    },
  };
}
