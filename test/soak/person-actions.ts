import { decodeMail, type ReceivedMail } from '../support/smtp-sink.js';
import { type PeopleWorld, type Person, type PersonAction, submit, submitAttempt } from './person.js';
import { isResetMail } from './reset-mail.js';
import { nextCandidate, propose, ruleOut } from './user-ledger.js';

// A reset mail can wait out a mail lease a killed process held (60 s) before it is sent again.
const MAIL_WAIT_MS = 150_000;
const MAIL_WAIT_CUT_MS = 15_000;

/** Does one thing a person (or their service desk) does, start to end. */
export async function act(world: PeopleWorld, person: Person, action: PersonAction): Promise<void> {
  world.counts.actions.set(action, (world.counts.actions.get(action) ?? 0) + 1);
  switch (action) {
    case 'change':
      return changePassword(world, person);
    case 'reset':
      return resetPassword(world, person);
    case 'expire':
      return expireThenSignIn(world, person);
    case 'suspend':
      return suspendThenUnsuspend(world, person);
    case 'lockout':
      return lockOutThenUnlock(world, person);
  }
}

/** The change form with the password the person believes is current (newest possibility first). */
async function changePassword(world: PeopleWorld, person: Person): Promise<void> {
  const { ledger } = person;
  const tried = new Set<string>();
  for (;;) {
    const current = nextCandidate(ledger, tried);
    if (current === null) return;
    tried.add(current);
    const next = world.nextPassword(ledger.email);
    const attempt = propose(ledger, next, 'change');
    const sent = await submitAttempt(world, person, attempt, '/change', '/change', {
      email: ledger.email,
      currentPassword: current,
      newPassword: next,
      confirmPassword: next,
    });
    const status = sent.stage === 'post' && sent.result.kind === 'answer' ? sent.result.status : 0;
    if (status === 401) {
      ruleOut(ledger, current, `change #${ledger.attempts.length}`);
      continue;
    }
    if (status === 423) await world.desk.act('unlock', ledger.email);
    return;
  }
}

/**
 * "Forgot your password?": type the address, ask for a link to the work mailbox (the soak's people
 * registered no other way, so it serves them), wait for the mail, open the link, set a new password.
 */
async function resetPassword(world: PeopleWorld, person: Person): Promise<void> {
  const { ledger } = person;
  const { resets } = world.counts;
  const mark = world.sink.received.length;
  resets.requested += 1;
  const started = await submit(world, person, '/reset', '/reset', { email: ledger.email });
  if (started.stage === 'form' || started.result.kind !== 'answer' || started.result.status !== 303) return;
  const sent = await submit(world, person, '/reset/verify', '/reset/verify/send-link', {});
  if (sent.stage === 'form') return;
  const answered = sent.result.kind === 'answer' && sent.result.status === 200;
  if (answered) {
    resets.answered += 1;
    world.counts.answeredResets.push({ email: ledger.email, mark });
  }
  const mail = await waitForMail(world, ledger.email, mark, answered ? MAIL_WAIT_MS : MAIL_WAIT_CUT_MS);
  if (mail === null) {
    if (answered) resets.late += 1;
    return;
  }
  resets.mailed += 1;
  const token = [...decodeMail(mail.raw).matchAll(/\/reset\/confirm\?token=([A-Za-z0-9_-]+)/g)].at(-1)?.[1];
  if (token === undefined) {
    // A suspended account gets a "contact IT support" mail and no link.
    resets.noLink += 1;
    return;
  }
  const next = world.nextPassword(ledger.email);
  const attempt = propose(ledger, next, 'reset');
  const set = await submitAttempt(world, person, attempt, `/reset/confirm?token=${token}`, '/reset/confirm', {
    token,
    newPassword: next,
    confirmPassword: next,
  });
  // Nothing else this person does between opening the link and sending it may end it.
  if (set.stage === 'post' && set.result.kind === 'answer' && set.result.status === 410)
    world.counts.anomalies.push(
      `${ledger.email}: a reset link that opened was refused as used or expired on POST`,
    );
}

/** The newest mail to `email` that came after `mark`, waiting for it up to `timeoutMs`. */
async function waitForMail(
  world: PeopleWorld,
  email: string,
  mark: number,
  timeoutMs: number,
): Promise<ReceivedMail | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const mail = world.sink.received.slice(mark).findLast((m) => m.to.includes(email) && isResetMail(m));
    if (mail !== undefined) return mail;
    if (Date.now() > end) return null;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The desk expires the password; the person signs in with it and must choose a new one. */
async function expireThenSignIn(world: PeopleWorld, person: Person): Promise<void> {
  const { ledger } = person;
  if ((await world.desk.act('expire', ledger.email)).code !== 0) return;
  const tried = new Set<string>();
  for (;;) {
    const current = nextCandidate(ledger, tried);
    if (current === null) return;
    tried.add(current);
    const signIn = await submit(world, person, '/signin', '/signin', {
      email: ledger.email,
      currentPassword: current,
    });
    // A sign-in cut mid-flight changed no password: the person comes back to it another time.
    if (signIn.stage === 'form' || signIn.result.kind !== 'answer') return;
    const { status } = signIn.result;
    if (status === 401) {
      ruleOut(ledger, current, `expired sign-in #${ledger.attempts.length}`);
      continue;
    }
    if (status === 423) await world.desk.act('unlock', ledger.email);
    // 200: the password has not expired after all (changed meanwhile); 403: suspended.
    if (status !== 303) return;
    const next = world.nextPassword(ledger.email);
    const attempt = propose(ledger, next, 'expired');
    const set = await submitAttempt(world, person, attempt, '/signin/new-password', '/signin/new-password', {
      newPassword: next,
      confirmPassword: next,
    });
    // The sign-in's session is in the database: a restart in between must not end it.
    if (set.stage === 'form' || (set.result.kind === 'answer' && set.result.status === 401))
      world.counts.anomalies.push(
        `${ledger.email}: the session of an expired sign-in ended before its new password`,
      );
    return;
  }
}

/** The desk suspends the account; the person is refused; the desk lifts the suspension. */
async function suspendThenUnsuspend(world: PeopleWorld, person: Person): Promise<void> {
  const { email } = person.ledger;
  if ((await world.desk.act('suspend', email)).code === 0) person.suspended = true;
  await changePassword(world, person);
  if ((await world.desk.act('unsuspend', email)).code === 0) person.suspended = false;
}

/** The person mistypes their password until the lockout; the desk unlocks; they change it properly. */
async function lockOutThenUnlock(world: PeopleWorld, person: Person): Promise<void> {
  const { email } = person.ledger;
  for (let i = 0; i <= world.lockoutAttempts; i += 1) {
    const wrong = world.nextPassword(email);
    const next = world.nextPassword(email);
    const sent = await submit(world, person, '/change', '/change', {
      email,
      currentPassword: wrong,
      newPassword: next,
      confirmPassword: next,
    });
    if (sent.stage === 'post' && sent.result.kind === 'answer' && sent.result.status === 423) break;
  }
  await world.desk.act('unlock', email);
  await changePassword(world, person);
}
