import { verifyPassword } from '@passgate/portal';
import type { PeopleCounts, Person } from './person.js';
import type { PortalLives } from './portal-lives.js';
import { isResetMail } from './reset-mail.js';
import type { SoakWorld } from './soak-world.js';

export interface SoakFigures {
  /** People whose password in Microsoft 365 is not one the portal may have accepted last. */
  lost: number;
  /** An older password written again after a newer one had been written. */
  duplicated: number;
  /** An older password written for the first time after a newer one. */
  reordered: number;
  /** A password written that the portal refused, or that nobody asked for. */
  phantom: number;
  /** The same password written twice in a row (a job re-run after a kill): harmless. */
  repeated: number;
  passwordWrites: number;
  graphStatuses: Map<number, number>;
}

export interface SoakCheck {
  figures: SoakFigures;
  failures: string[];
  /** Distinct error-level lines the portal logged (pino level ≥ 50), with how often. */
  portalErrors: Map<string, number>;
}

/** After the final drain: compares each person's ledger with Microsoft 365, the portal's database and the logs. */
export async function checkSoak(
  world: SoakWorld,
  counts: PeopleCounts,
  lives: PortalLives,
): Promise<SoakCheck> {
  const failures: string[] = [];
  const figures: SoakFigures = {
    lost: 0,
    duplicated: 0,
    reordered: 0,
    phantom: 0,
    repeated: 0,
    passwordWrites: 0,
    graphStatuses: new Map(),
  };
  for (const person of world.people) await checkPerson(world, person, figures, failures);
  await checkQueues(world, failures);
  for (const { email, mark } of counts.answeredResets)
    if (!world.sink.received.slice(mark).some((mail) => mail.to.includes(email) && isResetMail(mail)))
      failures.push(`${email}: a reset request answered 200 never brought a mail`);
  for (const error of world.tally.serverErrors.slice(0, 10))
    failures.push(`${error.status} for ${error.method} ${error.path}: ${error.excerpt.replace(/\s+/g, ' ')}`);
  if (world.tally.serverErrors.length > 10)
    failures.push(`… and ${world.tally.serverErrors.length - 10} more 5xx`);
  if (world.tally.hung > 0) failures.push(`${world.tally.hung} requests got no answer within a minute`);
  failures.push(...lives.failures, ...counts.anomalies);
  failures.push(...passwordsInOutput(lives));
  for (const request of world.emulator.requests())
    figures.graphStatuses.set(request.status, (figures.graphStatuses.get(request.status) ?? 0) + 1);
  return { figures, failures, portalErrors: errorLines(lives) };
}

/** The portal's own error lines (a 5xx is logged with its cause and request id), told apart by message. */
function errorLines(lives: PortalLives): Map<string, number> {
  const lines = new Map<string, number>();
  for (const life of lives.lives) {
    for (const line of life.output.join('').split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line) as {
          level?: number;
          msg?: string;
          err?: { message?: string; code?: string };
        };
        if ((entry.level ?? 0) < 50) continue;
        const cause = entry.err?.message
          ? `: ${entry.err.message}${entry.err.code ? ` (${entry.err.code})` : ''}`
          : '';
        const key = `${entry.msg ?? ''}${cause}`.slice(0, 200);
        lines.set(key, (lines.get(key) ?? 0) + 1);
      } catch {
        // A line cut by the kill: not JSON, and nothing to learn from it.
      }
    }
  }
  return lines;
}

async function checkPerson(
  world: SoakWorld,
  person: Person,
  figures: SoakFigures,
  failures: string[],
): Promise<void> {
  const { ledger } = person;
  const { email } = ledger;
  const before = failures.length;
  // Index 0 is the seeded password, then every attempt in the order the person made them.
  const candidates = [ledger.initial, ...ledger.attempts.map((a) => a.password)];
  const describe = (index: number): string =>
    index === 0
      ? 'the seeded password'
      : `attempt ${index} (${ledger.attempts[index - 1]?.via}, ${ledger.attempts[index - 1]?.outcome})`;
  if (ledger.lostAt !== null)
    failures.push(`${email}: the portal refused every password it may hold (at ${ledger.lostAt})`);

  const held = candidates.findIndex((password) =>
    world.emulator.verifyPassword(world.tenantId, email, password),
  );
  const heldPassword = candidates[held];
  if (heldPassword === undefined || !ledger.possible.includes(heldPassword)) {
    figures.lost += 1;
    const expected = ledger.possible.map((p) => describe(candidates.lastIndexOf(p))).join(' or ');
    failures.push(
      `${email}: Microsoft 365 holds ${held === -1 ? 'none of the passwords' : describe(held)}, expected ${expected}`,
    );
  }
  const row = await world.store.db
    .selectFrom('users')
    .select(['id', 'password_hash', 'status'])
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  if (heldPassword !== undefined && !(await verifyPassword(row.password_hash, heldPassword)))
    failures.push(
      `${email}: the portal's current password is not the one Microsoft 365 holds (${describe(held)})`,
    );
  const microsoft = world.emulator.getUser(world.tenantId, email);
  if (microsoft?.accountEnabled !== (row.status === 'active'))
    failures.push(
      `${email}: the portal says ${row.status}, Microsoft 365 sign-in is ${microsoft?.accountEnabled ? 'allowed' : 'blocked'}`,
    );

  const writes = world.emulator.passwordHistory(world.tenantId, email, candidates);
  figures.passwordWrites += writes.length;
  let newest = 0;
  const written = new Set<number>([0]);
  for (const [n, index] of writes.entries()) {
    const what = `${email}: write ${n + 1} of ${writes.length} to Microsoft 365 set`;
    const attempt = index === null ? undefined : ledger.attempts[index - 1];
    if (index === null || index === 0 || attempt?.outcome === 'refused' || attempt?.outcome === 'pending') {
      figures.phantom += 1;
      const which = index === null ? 'a password nobody asked for' : describe(index);
      failures.push(`${what} ${which}, which no accepted change carried`);
    } else if (index < newest && written.has(index)) {
      figures.duplicated += 1;
      failures.push(`${what} ${describe(index)} again after ${describe(newest)}`);
    } else if (index < newest) {
      figures.reordered += 1;
      failures.push(`${what} ${describe(index)} after the newer ${describe(newest)}`);
    } else if (index === newest) {
      figures.repeated += 1;
    }
    if (index !== null) {
      written.add(index);
      newest = Math.max(newest, index);
    }
  }
  if (failures.length > before) failures.push(...(await storyOf(world, person, writes)));
}

/** What a person did and what the portal's queue made of it, for a failure someone has to read. */
async function storyOf(
  world: SoakWorld,
  person: Person,
  writes: readonly (number | null)[],
): Promise<string[]> {
  const { ledger } = person;
  const jobs = await world.store.db
    .selectFrom('outbox_jobs as j')
    .innerJoin('users as u', 'u.id', 'j.user_id')
    .select(['j.seq', 'j.kind', 'j.status', 'j.attempts', 'j.enable_account', 'j.last_error'])
    .where('u.email', '=', ledger.email)
    .orderBy('j.seq')
    .execute();
  return [
    `    ${ledger.email} asked for: ${ledger.attempts.map((a, i) => `#${i + 1} ${a.via} ${a.outcome}`).join(', ')}`,
    `    Microsoft 365 got, in order: ${writes.map((w) => (w === null ? '?' : `#${w}`)).join(', ') || 'nothing'}`,
    ...jobs.map(
      (job) =>
        `    job ${job.seq} ${job.kind}${job.enable_account ? ' +enable' : ''}: ${job.status} after ${job.attempts} attempts${job.last_error ? ` (${job.last_error})` : ''}`,
    ),
  ];
}

async function checkQueues(world: SoakWorld, failures: string[]): Promise<void> {
  const { db } = world.store;
  const jobs = await db
    .selectFrom('outbox_jobs')
    .select(['status', 'payload', 'last_error', 'upn'])
    .execute();
  const open = jobs.filter((job) => job.status === 'queued' || job.status === 'running');
  if (open.length > 0) failures.push(`${open.length} Microsoft 365 jobs still open after the drain`);
  for (const job of jobs.filter((j) => j.status === 'failed'))
    failures.push(`${job.upn}: a Microsoft 365 job was given up: ${job.last_error}`);
  const sealed = jobs.filter(
    (job) => job.status !== 'queued' && job.status !== 'running' && job.payload !== null,
  );
  if (sealed.length > 0) failures.push(`${sealed.length} ended jobs still hold their sealed password`);
  const pending = await db.selectFrom('pending_passwords').select('user_id').execute();
  if (pending.length > 0) failures.push(`${pending.length} pending passwords left after the drain`);
  const mails = await db
    .selectFrom('mail_queue')
    .select('kind')
    .where('status', 'in', ['queued', 'sending'])
    .execute();
  if (mails.length > 0) failures.push(`${mails.length} mails still queued after the drain`);
}

/**
 * Every password the soak makes has one shape (Word-Word-12!), which nothing else the portal writes has:
 * one pass over each life's output finds any of them, typed or not.
 */
function passwordsInOutput(lives: PortalLives): string[] {
  return lives.lives
    .filter((life) => /[A-Z][a-z]+-[A-Z][a-z]+-\d\d[!?#%*+]/.test(life.output.join('')))
    .map((life) => `life ${life.number} wrote a password to its output`);
}
