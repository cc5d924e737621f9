import { addUser, type Portal, type RequestOrigin } from '@passgate/portal';
import { type M365Emulator, startM365Emulator } from '@passgate/test/m365-emulator';
import { type CrashablePortal, startCrashablePortal } from '../../support/crashable-portal.js';
import { linkToken, type SmtpSink, startSmtpSink } from '../../support/smtp-sink.js';
import { createTestClock, type TestClock } from '../../support/test-clock.js';
import { type LifecycleModel, RULES } from './model.js';

/** Each Graph request's timeout: an injected delay longer than this is a timeout. */
export const GRAPH_TIMEOUT_MS = 1_500;
/** A claimed job's lease; a dead instance's job is claimable again this long after its claim. */
export const LEASE_MS = 30_000;

const PEOPLE = [
  { name: 'ada', displayName: 'Ada Byron' },
  { name: 'ben', displayName: 'Ben Okri' },
  { name: 'cleo', displayName: 'Cleo Laine' },
];
const INITIAL_PASSWORD = 'Copper-Lantern-Start-42!';

/** The real system every run shares: one emulator, one portal database, one clock, one mailbox. */
export interface World {
  emulator: M365Emulator;
  system: CrashablePortal;
  clock: TestClock;
  sink: SmtpSink;
  runs: number;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const emulator = await startM365Emulator();
  const sink = await startSmtpSink();
  const clock = createTestClock();
  const many = { max: 1_000_000, windowSeconds: 60 };
  const system = await startCrashablePortal({
    emulator,
    now: clock.now,
    graphTimeoutMs: GRAPH_TIMEOUT_MS,
    config: {
      // historyCount 1 (only the current password): every history entry costs an argon2 verify, and
      // the model never reuses an older password.
      policy: { historyCount: 1, maxAgeDays: RULES.maxAgeDays, lockout: RULES.lockout },
      sync: {
        concurrency: 4,
        leaseSeconds: LEASE_MS / 1000,
        pollIntervalMs: 50,
        changeWaitMs: 1_500,
        maxBackoffSeconds: 5,
      },
      // A lapsed instance's sweep lease must not outlive the smallest step of time the model takes.
      scheduler: { intervalSeconds: 3600, leaseSeconds: 5 },
      rateLimits: { perAccount: many, perAddress: many, resetPerAccount: many, resetPerAddress: many },
      mail: sink.mailConfig,
      organisation: { name: 'Contoso' },
    },
  });
  return {
    emulator,
    system,
    clock,
    sink,
    runs: 0,
    async close(): Promise<void> {
      await system.close();
      await sink.stop();
      await emulator.close();
    },
  };
}

/** One run's handle on the world: its own three people, fresh in the portal and in Microsoft 365. */
export interface Run {
  world: World;
  origin: RequestOrigin;
  ids: Map<string, string>;
  readonly portal: Portal;
}

export async function beginRun(world: World): Promise<{ model: LifecycleModel; real: Run }> {
  world.runs += 1;
  const tag = `r${world.runs}`;
  const { system, emulator, clock } = world;
  const ids = new Map<string, string>();
  const at = clock.now();
  const people = [];
  for (const { name, displayName } of PEOPLE) {
    const email = `${name}.${tag}@contoso.example`;
    const id = await addUser(system.portal.store.db, { email, displayName, password: INITIAL_PASSWORD }, at);
    emulator.addUser(system.tenantId, { userPrincipalName: email, displayName, password: INITIAL_PASSWORD });
    ids.set(email, id);
    people.push({
      name,
      email,
      displayName,
      password: INITIAL_PASSWORD,
      previousPassword: null,
      status: 'active' as const,
      statusBeforeSuspend: null,
      passwordChangedAt: at.getTime(),
      failures: 0,
      lastFailureAt: null,
      lockedUntil: null,
      effects: [],
      microsoft: { password: INITIAL_PASSWORD, enabled: true },
      verified: null,
    });
  }
  const real: Run = {
    world,
    origin: { clientIp: '192.0.2.150', userAgent: 'lifecycle-model' },
    ids,
    get portal(): Portal {
      return system.portal;
    },
  };
  return { model: { now: at.getTime(), people, tag, issued: 0 }, real };
}

/** Requests a reset link and reads it from the mail; null when the mail says to call support instead. */
export async function mailedResetLink(run: Run, email: string): Promise<string | null> {
  const { sink } = run.world;
  const before = sink.received.length;
  await run.portal.accounts.requestReset({ email, ...run.origin });
  // Expiry reminders may go out in the same round: only the reset mail or the suspended notice answers.
  const answer = () =>
    sink.received
      .slice(before)
      .find(
        (mail) =>
          mail.to[0] === email && /Subject: (Reset your|Your) Contoso (password|account)$/m.test(mail.raw),
      );
  // Only this sends mail here (the sender does not run by itself), and a round claims at most 20 due
  // mails, oldest first: the notices earlier runs queued (one per accepted password) can fill it, the
  // request waiting behind them. Rounds go on until the answer is out or there is nothing left to send.
  for (let sent = 1; answer() === undefined && sent > 0; ) sent = await run.portal.mailSender.runOnce();
  const mail = answer();
  if (mail === undefined)
    throw new Error(`${email}: no reset mail (nor a support notice) once no mail was left to send`);
  if (!mail.raw.includes('Subject: Reset your')) return null;
  return linkToken(mail, '/reset/confirm');
}
