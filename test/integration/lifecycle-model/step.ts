import type { ChangeOutcome, SignInOutcome } from '@passgate/portal';
import type fc from 'fast-check';
import { expect } from 'vitest';
import type { LifecycleModel, Person } from './model.js';
import { observe } from './observe.js';
import type { Run } from './world.js';

export type LifecycleCommand = fc.AsyncCommand<LifecycleModel, Run>;

/**
 * One command: at the next millisecond (two steps never share a timestamp, as two requests of one
 * person never do), then the worker is let run and everything is compared with the model.
 */
export async function step(model: LifecycleModel, run: Run, action: () => Promise<void>): Promise<void> {
  run.world.clock.advance(1);
  model.now += 1;
  await action();
  await observe(model, run);
}

export function expectRefused(person: Person, outcome: ChangeOutcome | SignInOutcome, code: string): void {
  expect(outcome, `${person.email} should be refused with ${code}`).toMatchObject({
    status: 'refused',
    refusals: [{ code }],
  });
}

/** Accepted: applied at once (then Microsoft 365 has it now) or queued for the worker. */
export function expectAccepted(run: Run, person: Person, outcome: ChangeOutcome, password: string): void {
  expect(['applied', 'queued'], `${person.email}: ${JSON.stringify(outcome)}`).toContain(outcome.status);
  if (outcome.status !== 'applied') return;
  const { emulator, system } = run.world;
  expect(
    emulator.verifyPassword(system.tenantId, person.email, password),
    `${person.email}: told "applied", so Microsoft 365 must hold the new password`,
  ).toBe(true);
}

export function personAt(model: Readonly<LifecycleModel>, index: number): Person {
  const person = model.people[index];
  if (person === undefined) throw new Error(`no person ${index}`);
  return person;
}
