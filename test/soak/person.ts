import type { SmtpSink } from '../support/smtp-sink.js';
import type { Prng } from './prng.js';
import type { ServiceDesk } from './service-desk.js';
import type { HttpResult, HttpTally, SoakBrowser } from './soak-browser.js';
import { type Attempt, type AttemptVia, settle, type UserLedger, withdraw } from './user-ledger.js';

/** One of the pool: their ledger, their browser (cookies survive restarts), and what the desk did to them. */
export interface Person {
  ledger: UserLedger;
  browser: SoakBrowser;
  /** The desk suspended them and has not yet unsuspended them. */
  suspended: boolean;
}

export type PersonAction = 'change' | 'reset' | 'expire' | 'suspend' | 'lockout';

export interface PeopleCounts {
  actions: Map<PersonAction, number>;
  outcomes: Record<AttemptVia, { accepted: number; refused: number; unknown: number }>;
  /** Refusals by how, HTTP status and the first words of the problem shown (e.g. "change 401: The e-mail…"). */
  refusals: Map<string, number>;
  resets: { requested: number; answered: number; mailed: number; late: number; noLink: number };
  /** Reset requests the portal answered 200: each must have brought a mail by the end. */
  answeredResets: { email: string; mark: number }[];
  /** Things that must not happen, in words, for the report. */
  anomalies: string[];
}

export function createPeopleCounts(): PeopleCounts {
  const zero = () => ({ accepted: 0, refused: 0, unknown: 0 });
  return {
    actions: new Map(),
    outcomes: { change: zero(), reset: zero(), expired: zero() },
    refusals: new Map(),
    resets: { requested: 0, answered: 0, mailed: 0, late: 0, noLink: 0 },
    answeredResets: [],
    anomalies: [],
  };
}

/** Everything the people share: where the portal is, the desk, the mailbox, the counters. */
export interface PeopleWorld {
  url: string;
  tally: HttpTally;
  desk: ServiceDesk;
  sink: SmtpSink;
  prng: Prng;
  nextPassword: (email: string) => string;
  counts: PeopleCounts;
  /** Wrong passwords the policy allows before a lock (policy.lockout.maxAttempts). */
  lockoutAttempts: number;
}

type Answer = Extract<HttpResult, { kind: 'answer' }>;

// A person gives up on a portal that has been unreachable this long: the soak then fails loudly.
const DOWN_LIMIT_MS = 180_000;

async function pauseBeforeRetry(world: PeopleWorld): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, world.prng.int(100, 400)));
}

/** GET a page, trying again while the portal is down or the connection breaks (a GET changes nothing). */
export async function openPage(world: PeopleWorld, person: Person, path: string): Promise<Answer> {
  const end = Date.now() + DOWN_LIMIT_MS;
  for (;;) {
    const result = await person.browser.get(path);
    if (result.kind === 'answer') return result;
    if (Date.now() > end)
      throw new Error(`GET ${path.split('?')[0]}: the portal was unreachable for too long`);
    await pauseBeforeRetry(world);
  }
}

export type Submitted = { stage: 'form'; answer: Answer } | { stage: 'post'; result: HttpResult };

/**
 * Opens the form, then posts it. A refused connection means nothing was sent: the person reloads the
 * form and posts again. A POST cut mid-flight is returned as it is: nobody knows whether it counted.
 */
export async function submit(
  world: PeopleWorld,
  person: Person,
  formPath: string,
  postPath: string,
  fields: Record<string, string>,
): Promise<Submitted> {
  const end = Date.now() + DOWN_LIMIT_MS;
  for (;;) {
    const form = await openPage(world, person, formPath);
    if (form.status !== 200) return { stage: 'form', answer: form };
    const result = await person.browser.post(postPath, fields);
    if (result.kind !== 'down') return { stage: 'post', result };
    if (Date.now() > end) throw new Error(`POST ${postPath}: the portal was unreachable for too long`);
    await pauseBeforeRetry(world);
  }
}

/**
 * Submits a form that asks for `attempt`'s password and settles the attempt from the answer (or
 * withdraws it when the form never opened). Returns what came back.
 */
export async function submitAttempt(
  world: PeopleWorld,
  person: Person,
  attempt: Attempt,
  formPath: string,
  postPath: string,
  fields: Record<string, string>,
): Promise<Submitted> {
  const sent = await submit(world, person, formPath, postPath, fields);
  if (sent.stage === 'form') withdraw(person.ledger, attempt);
  else record(world, person, attempt, sent.result);
  return sent;
}

/**
 * Settles an attempt from the answer the person got: accepted (a 303 to the form's outcome page, or
 * 200/202), 4xx refused, anything else unknown.
 */
export function record(world: PeopleWorld, person: Person, attempt: Attempt, result: HttpResult): void {
  const { counts } = world;
  const tally = counts.outcomes[attempt.via];
  const toOutcomePage =
    result.kind === 'answer' && result.status === 303 && /\/done$/.test(result.location ?? '');
  if (result.kind === 'answer' && (toOutcomePage || result.status === 200 || result.status === 202)) {
    settle(person.ledger, attempt, 'accepted');
    tally.accepted += 1;
    if (person.suspended)
      counts.anomalies.push(
        `${person.ledger.email}: a ${attempt.via} was accepted while the account was suspended`,
      );
  } else if (result.kind === 'answer' && result.status >= 400 && result.status < 500) {
    settle(person.ledger, attempt, 'refused');
    tally.refused += 1;
    const key = `${attempt.via} ${result.status}: ${firstProblem(result.body)}`;
    counts.refusals.set(key, (counts.refusals.get(key) ?? 0) + 1);
  } else {
    // Cut mid-flight, or a 5xx (counted as a failure on its own): the portal may have accepted it.
    settle(person.ledger, attempt, 'unknown');
    tally.unknown += 1;
  }
}

/** The first problem a page shows, in a few words (the error summary's first item, else its title). */
function firstProblem(html: string): string {
  const item =
    /class="error-summary__list"><li>(.*?)<\/li>/s.exec(html)?.[1] ??
    /<title>(.*?)<\/title>/s.exec(html)?.[1] ??
    '';
  const words = item
    .replace(/<[^>]+>/g, '')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
  return words.length > 60 ? `${words.slice(0, 60)}…` : words;
}
