import { verifyPassword } from '@passgate/portal';
import {
  describeEffect,
  type Effect,
  hasOpenEffects,
  isLocked,
  type LifecycleModel,
  type Person,
  queueEnabled,
} from './model.js';
import { settle } from './settle.js';
import type { Run } from './world.js';

interface JobRow {
  id: string;
  user_id: string;
  seq: number;
  kind: 'set_password' | 'set_account_enabled';
  status: string;
  enable_account: number;
  last_error: string | null;
}

/**
 * After every command: let the worker do what it can, learn from the outbox which of each person's
 * effects Microsoft 365 has now, and check that the portal and Microsoft 365 agree with the model.
 */
export async function observe(model: LifecycleModel, run: Run): Promise<void> {
  await settle(run.world, (ms) => {
    run.world.clock.advance(ms);
    model.now += ms;
  });
  const jobs = await run.portal.store.db
    .selectFrom('outbox_jobs')
    .select(['id', 'user_id', 'seq', 'kind', 'status', 'enable_account', 'last_error'])
    .where('user_id', 'in', [...run.ids.values()])
    .orderBy('seq')
    .execute();
  for (const person of model.people) {
    const own = jobs.filter((job) => job.user_id === run.ids.get(person.email));
    attachJobs(person, own);
    // A password landing may queue an enable of its own (see foldApplied): paired, then folded on.
    while (foldApplied(person, own, model.now)) attachJobs(person, own);
    const unforeseen = own.filter((job) => !person.effects.some((effect) => effect.jobId === job.id));
    if (unforeseen.length > 0)
      throw new Error(
        `${person.email}: the portal queued ${unforeseen.map(describeJob).join(', ')}, which the model did not expect`,
      );
  }
  await checkAgreement(model, run);
}

/** How a job is named in the model's messages. */
function describeJob(job: JobRow): string {
  return job.kind === 'set_password' ? 'password' : `enabled=${job.enable_account}`;
}

/**
 * Pairs the effects the model expects (the last command's, or an enable a landing queued) with the jobs
 * queued since, in order, kind for kind. Jobs left over are the sync's own, which folding predicts next.
 */
function attachJobs(person: Person, jobs: JobRow[]): void {
  const known = new Set(person.effects.map((effect) => effect.jobId));
  const fresh = jobs.filter((job) => !known.has(job.id));
  const unpaired = person.effects.filter((effect) => effect.jobId === null);
  const kinds = (list: string[]) => list.join(', ') || 'nothing';
  const expected = unpaired.map(describeEffect);
  const queued = fresh.map(describeJob);
  if (fresh.length < unpaired.length)
    throw new Error(
      `${person.email}: expected the portal to queue ${kinds(expected)}; it queued ${kinds(queued)}`,
    );
  unpaired.forEach((effect, i) => {
    const job = fresh[i] as JobRow;
    const matches =
      effect.kind === 'password'
        ? job.kind === 'set_password'
        : job.kind === 'set_account_enabled' && job.enable_account === (effect.enabled ? 1 : 0);
    if (!matches)
      throw new Error(
        `${person.email}: expected ${kinds(expected)} in this order; the portal queued ${kinds(queued)}`,
      );
    effect.jobId = job.id;
  });
}

/**
 * Folds in, in order, every effect whose job is done: Microsoft 365 now holds it, and a password
 * that unblocks (a way back in) ends the expiry once applied, unless an expiry's disable queued after
 * it (an admin's later expiry) is still to come. A suspension's disable does not keep the expiry: a
 * suspended account stays suspended (lifting it restores active), and one whose suspension was lifted
 * before is active at once, the portal queueing an enable behind the lifted suspension's disable.
 * Returns true when it predicted such an enable (not yet paired with its job: folding stops there).
 * A superseded password hands its unblock to the next password, which must follow with no
 * enable/disable between them.
 */
function foldApplied(person: Person, jobs: JobRow[], now: number): boolean {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  let waiting: Effect | null = null;
  for (const [i, effect] of person.effects.entries()) {
    if (effect.state !== 'open') continue;
    const job = byId.get(effect.jobId ?? '');
    const what = `${person.email}: ${describeEffect(effect)}`;
    if (job === undefined) throw new Error(`${what}: its job is gone from the outbox`);
    if (job.status === 'failed')
      throw new Error(`${what}: Microsoft 365 refused it for good (${job.last_error})`);
    if (job.status === 'queued' || job.status === 'running') {
      waiting ??= effect;
      continue;
    }
    if (job.status === 'superseded') {
      const rest = person.effects.slice(i + 1);
      const next = rest.findIndex((later) => later.kind === 'password');
      const newer = rest[next];
      if (
        effect.kind !== 'password' ||
        newer?.kind !== 'password' ||
        rest.slice(0, next).some((e) => e.kind === 'enabled')
      )
        throw new Error(`${what} was skipped, yet no newer password follows it directly`);
      if (effect.enable) newer.enable = true;
      effect.state = 'superseded';
      continue;
    }
    if (waiting !== null)
      throw new Error(`${what} was applied before an older change (${describeEffect(waiting)})`);
    effect.state = 'done';
    if (effect.kind === 'enabled') {
      person.microsoft.enabled = effect.enabled;
      continue;
    }
    person.microsoft.password = effect.password;
    person.passwordChangedAt = now;
    if (effect.enable) {
      person.microsoft.enabled = true;
      const later = person.effects
        .slice(i + 1)
        .flatMap((e) => (e.kind === 'enabled' && e.state === 'open' ? [e] : []));
      // Unless an admin expired the password after it: that later block is the newer decision.
      if (later.some((e) => e.reason === 'expiry')) continue;
      if (person.status === 'suspended' && person.statusBeforeSuspend === 'expired')
        person.statusBeforeSuspend = 'active';
      if (person.status !== 'expired') continue;
      person.status = 'active';
      if (later.at(-1)?.enabled === false) {
        queueEnabled(person, true);
        return true;
      }
    }
  }
  return false;
}

/**
 * Always: the portal's status and lock match the model; its current password is the newest one
 * Microsoft 365 confirmed (a password is current only once Microsoft has it); Microsoft 365 holds
 * that one or a newer accepted one, never an older one. Once nothing is left in a person's queue,
 * Microsoft 365 holds the model's password and sign-in state, and lets the person sign in exactly
 * when the portal says the account is active.
 */
async function checkAgreement(model: LifecycleModel, run: Run): Promise<void> {
  const { db } = run.portal.store;
  const { emulator, system } = run.world;
  for (const person of model.people) {
    const who = person.email;
    const user = await db
      .selectFrom('users')
      .select(['status', 'password_hash'])
      .where('id', '=', run.ids.get(who) ?? '')
      .executeTakeFirstOrThrow();
    if (user.status !== person.status)
      throw new Error(`${who}: the portal says ${user.status}, the model ${person.status}`);
    const lock = await db
      .selectFrom('counters')
      .select('locked_until')
      .where('key', '=', `lock:${who}`)
      .executeTakeFirst();
    const locked = lock?.locked_until != null && lock.locked_until > model.now;
    if (locked !== isLocked(person, model.now))
      throw new Error(
        `${who}: the portal has the account ${locked ? '' : 'not '}locked, the model does not agree`,
      );
    const confirmed = person.microsoft.password;
    const verified = person.verified;
    if (verified?.hash !== user.password_hash || verified.password !== confirmed) {
      if (!(await verifyPassword(user.password_hash, confirmed)))
        throw new Error(
          `${who}: the portal's current password is not ${confirmed}, the last one Microsoft 365 confirmed`,
        );
      person.verified = { hash: user.password_hash, password: confirmed };
    }
    const holds = (password: string): boolean => emulator.verifyPassword(system.tenantId, who, password);
    if (!passwordsSinceConfirmed(person).some(holds))
      throw new Error(`${who}: Microsoft 365 holds neither ${confirmed} nor a newer accepted password`);
    if (hasOpenEffects(person)) continue;

    if (!holds(person.password))
      throw new Error(`${who}: Microsoft 365 does not hold ${person.password}, the password last accepted`);
    const enabled = emulator.getUser(system.tenantId, who)?.accountEnabled;
    if (enabled !== person.microsoft.enabled)
      throw new Error(
        `${who}: Microsoft 365 sign-in is ${enabled ? 'allowed' : 'blocked'}; the model expected otherwise`,
      );
    if (enabled !== (user.status === 'active'))
      throw new Error(
        `${who}: the portal says ${user.status} but Microsoft 365 sign-in is ${enabled ? 'allowed' : 'blocked'}, with nothing left in the queue`,
      );
  }
}

/** The confirmed password and every password accepted after it (a request cut short may still have landed). */
function passwordsSinceConfirmed(person: Person): string[] {
  const passwords = person.effects.flatMap((effect, i) =>
    effect.kind === 'password' ? [{ i, effect }] : [],
  );
  const lastDone = passwords.findLastIndex(({ effect }) => effect.state === 'done');
  return [person.microsoft.password, ...passwords.slice(lastDone + 1).map(({ effect }) => effect.password)];
}
