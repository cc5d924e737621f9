import type { EmulatorFault } from '@passgate/test/m365-emulator';
import { expect } from 'vitest';
import { waitUntil } from '../../support/wait-until.js';
import {
  acceptPassword,
  clearFailures,
  DAY,
  freshPassword,
  hasOpenPassword,
  type LifecycleModel,
  MINUTE,
  passDoor,
  queueEnabled,
  RULES,
} from './model.js';
import { observe } from './observe.js';
import { expectAccepted, expectRefused, type LifecycleCommand, personAt, step } from './step.js';
import { GRAPH_TIMEOUT_MS, type Run } from './world.js';

const PEOPLE = ['ada', 'ben', 'cleo'];

export const MICROSOFT_FAULTS = {
  'a 500': { kind: 'status', status: 500, count: 1 },
  'an outage (five 500s)': { kind: 'status', status: 500, count: 5 },
  'a 503 with Retry-After': { kind: 'status', status: 503, count: 1, retryAfterSeconds: 3 },
  // Two: the client tries once more itself before the job gives up for now.
  throttling: { kind: 'graphError', status: 429, code: 'TooManyRequests', count: 2 },
  'a timeout': { kind: 'delay', ms: GRAPH_TIMEOUT_MS + 500, count: 1 },
  'a dropped connection': { kind: 'drop', count: 1 },
} satisfies Record<string, EmulatorFault>;

/** Microsoft 365 answers the next request(s), whichever they are, with a passing failure. */
export class MicrosoftFails implements LifecycleCommand {
  constructor(readonly fault: keyof typeof MICROSOFT_FAULTS) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => run.world.emulator.injectFaults(MICROSOFT_FAULTS[this.fault]));
  }
  toString(): string {
    return `microsoftFails(${this.fault})`;
  }
}

/**
 * The portal process dies. 'idle': between requests. The other two die while a change's job is in
 * flight: before Microsoft 365 answers (its request is then cut off), or once Microsoft 365 has
 * applied the password but before the portal recorded it.
 */
export type CrashMoment = 'idle' | 'before Microsoft answers' | 'after Microsoft applied';

export class Crash implements LifecycleCommand {
  constructor(
    readonly moment: CrashMoment,
    readonly who: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      const { system, emulator } = run.world;
      if (this.moment === 'idle') {
        await system.crash();
        return;
      }
      const person = personAt(model, this.who);
      const next = freshPassword(model);
      // The job's own request must be the slow one.
      emulator.clearFaults();
      const slowMs = this.moment === 'before Microsoft answers' ? GRAPH_TIMEOUT_MS + 1_000 : 300;
      emulator.injectFaults({ kind: 'delay', ms: slowMs, count: 1 });
      const before = emulator.requests().length;
      let answered = false;
      const change = run.portal.accounts
        .changePassword({
          email: person.email,
          currentPassword: person.password,
          newPassword: next,
          ...run.origin,
        })
        .finally(() => {
          answered = true;
        });
      const inFlight = (): number => emulator.requests().findIndex((r, i) => i >= before && r.status === 0);
      // Refused, or queued behind older jobs: then nothing is in flight and the crash is between requests.
      await waitUntil(() => answered || inFlight() >= 0);
      const request = inFlight();
      if (request < 0) emulator.clearFaults();
      const { woundDown } = await system.crash();
      // Microsoft 365 answers the slow request after the crash (unless a loaded machine made the dead
      // instance give up on it first): the password is applied, the job still looks in flight.
      if (this.moment === 'after Microsoft applied' && request >= 0) await woundDown;
      const outcome = await change;
      const refusal = passDoor(person, model.now, true);
      if (refusal !== null) return expectRefused(person, outcome, refusal);
      expectAccepted(run, person, outcome, next);
      acceptPassword(person, next, person.status === 'expired');
    });
  }
  toString(): string {
    return this.moment === 'idle' ? 'crash(idle)' : `crash(${this.moment}, change by ${PEOPLE[this.who]})`;
  }
}

export const TIME_STEPS = {
  '10 s': 10_000,
  '6 min': 6 * MINUTE,
  '31 min': 31 * MINUTE,
  '16 days': 16 * DAY,
  '31 days': 31 * DAY,
};

/** The clock moves on: retries come due, locks end, passwords age; then the scheduler sweeps. */
export class TimePasses implements LifecycleCommand {
  constructor(readonly span: keyof typeof TIME_STEPS) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      run.world.clock.advance(TIME_STEPS[this.span]);
      model.now += TIME_STEPS[this.span];
      // What came due applies first, at the new time; the sweep then sees the result.
      await observe(model, run);
      const sweep = await run.portal.scheduler.runOnce();
      expect(sweep.ran, 'the scheduler sweeps').toBe(true);
      for (const person of model.people) {
        // A password still on its way to Microsoft 365 is not expired: it will be fresh in a moment.
        const aged = model.now - person.passwordChangedAt >= RULES.maxAgeDays * DAY;
        if (person.status === 'active' && aged && !hasOpenPassword(person)) {
          person.status = 'expired';
          queueEnabled(person, 'expiry');
        }
        if (person.lockedUntil !== null && person.lockedUntil <= model.now) clearFailures(person);
      }
    });
  }
  toString(): string {
    return `timePasses(${this.span})`;
  }
}
