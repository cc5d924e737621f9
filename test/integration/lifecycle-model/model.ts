import type { RefusalCode } from '@passgate/core/codes';

/**
 * What a person, their admin and Microsoft 365 should see, kept by hand next to the real portal.
 * Portal-side rules (lockout, who may change, status) are decided here when each command runs;
 * Microsoft 365's side is a queue of effects per person that the real sync worker applies in its own
 * time, which the model learns from the outbox (see observe.ts) and then folds in order.
 */

export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** The parts of the policy the model predicts with (the same numbers go into the portal's config). */
export const RULES = {
  maxAgeDays: 30,
  lockout: { maxAttempts: 3, durationSeconds: 300, resetCounterMinutes: 15 },
} as const;

export type Status = 'active' | 'expired' | 'suspended';
export type EffectState = 'open' | 'done' | 'superseded';

/** Why a disable blocks sign-in: a suspension's stands only while it lasts; an expiry's until a newer password. */
export type DisableReason = 'suspension' | 'expiry';

/** One change the portal owes Microsoft 365, in the order it was made; `jobId` once seen in the outbox. */
export type Effect =
  | { kind: 'password'; password: string; enable: boolean; jobId: string | null; state: EffectState }
  | {
      kind: 'enabled';
      enabled: boolean;
      /** A disable's reason (null for an enable). */
      reason: DisableReason | null;
      jobId: string | null;
      state: EffectState;
    };

export interface Person {
  name: string;
  email: string;
  displayName: string;
  /** The newest accepted password: the one the person now types. */
  password: string;
  /** The one before it, which stops working once the newest is in Microsoft 365. */
  previousPassword: string | null;
  status: Status;
  statusBeforeSuspend: 'active' | 'expired' | null;
  /** When the portal's current password became current (it does once Microsoft 365 has it). */
  passwordChangedAt: number;
  failures: number;
  lastFailureAt: number | null;
  lockedUntil: number | null;
  effects: Effect[];
  /** What Microsoft 365 holds once every effect marked done is in. */
  microsoft: { password: string; enabled: boolean };
  /** The portal's password_hash last proven to hold `password` (argon2 is slow: each pair is verified once). */
  verified: { hash: string; password: string } | null;
}

export interface LifecycleModel {
  /** The portal's clock, in ms. */
  now: number;
  people: Person[];
  tag: string;
  issued: number;
}

const WORDS = ['Quarry', 'Thistle', 'Beacon', 'Orchard', 'Velvet', 'Granite', 'Willow', 'Harbour'];

/** A password nobody in this run has used: meets the policy and Entra's rules, contains no name. */
export function freshPassword(model: LifecycleModel): string {
  model.issued += 1;
  const n = model.issued;
  return `${WORDS[n % WORDS.length]}-${WORDS[(n * 3 + 1) % WORDS.length]}-${model.tag}n${n}!`;
}

/** A password that was never anybody's in this run. */
export function wrongPassword(model: LifecycleModel): string {
  model.issued += 1;
  return `Wrong-Guess-${model.tag}n${model.issued}?`;
}

export function isLocked(person: Person, now: number): boolean {
  return person.lockedUntil !== null && person.lockedUntil > now;
}

export function clearFailures(person: Person): void {
  person.failures = 0;
  person.lastFailureAt = null;
  person.lockedUntil = null;
}

/** A wrong password: the counter restarts resetCounterMinutes after the last failure; maxAttempts locks. */
function countFailure(person: Person, now: number): void {
  const { maxAttempts, durationSeconds, resetCounterMinutes } = RULES.lockout;
  const fresh = person.lastFailureAt === null || now - person.lastFailureAt >= resetCounterMinutes * MINUTE;
  person.failures = fresh ? 1 : person.failures + 1;
  person.lastFailureAt = now;
  if (person.failures >= maxAttempts) {
    person.failures = 0;
    person.lockedUntil = now + durationSeconds * 1000;
  }
}

/**
 * The door every password check goes through (sign-in and change): a lock refuses before the password
 * is looked at, a wrong password counts towards the lock, a right one clears the count, and only then
 * may the answer say "suspended". Returns the refusal, or null when the person may go on.
 */
export function passDoor(person: Person, now: number, passwordRight: boolean): RefusalCode | null {
  if (isLocked(person, now)) return 'ACCOUNT_LOCKED';
  if (!passwordRight) {
    countFailure(person, now);
    return 'INVALID_CREDENTIALS';
  }
  clearFailures(person);
  return person.status === 'suspended' ? 'ACCOUNT_SUSPENDED' : null;
}

/** Past the maximum age while still active: the sweep has not expired it (yet), but sign-in treats it so. */
export function isPastMaxAge(person: Person, now: number): boolean {
  return person.status === 'active' && now - person.passwordChangedAt >= RULES.maxAgeDays * DAY;
}

export function hasOpenEffects(person: Person): boolean {
  return person.effects.some((effect) => effect.state === 'open');
}

export function hasOpenPassword(person: Person): boolean {
  return person.effects.some((effect) => effect.kind === 'password' && effect.state === 'open');
}

/** An accepted new password: the person uses it from now on; Microsoft 365 gets it through the queue. */
export function acceptPassword(person: Person, password: string, enable: boolean): void {
  person.previousPassword = person.password;
  person.password = password;
  person.effects.push({ kind: 'password', password, enable, jobId: null, state: 'open' });
}

/** An enable (`true`), or a disable and why. */
export function queueEnabled(person: Person, enabled: true | DisableReason): void {
  person.effects.push(
    enabled === true
      ? { kind: 'enabled', enabled, reason: null, jobId: null, state: 'open' }
      : { kind: 'enabled', enabled: false, reason: enabled, jobId: null, state: 'open' },
  );
}

export function describeEffect(effect: Effect): string {
  return effect.kind === 'password'
    ? `password ${effect.password}${effect.enable ? ' + enable' : ''}`
    : effect.enabled
      ? 'enable'
      : 'disable';
}
