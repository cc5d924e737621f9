import { expect } from 'vitest';
import {
  acceptPassword,
  freshPassword,
  isPastMaxAge,
  type LifecycleModel,
  type Person,
  passDoor,
  wrongPassword,
} from './model.js';
import { expectAccepted, expectRefused, type LifecycleCommand, personAt, step } from './step.js';
import { mailedResetLink, type Run } from './world.js';

const PEOPLE = ['ada', 'ben', 'cleo'];

/** A change with the right current password and a new one the policy and Microsoft accept. */
async function changeAndPredict(model: LifecycleModel, run: Run, person: Person): Promise<void> {
  const next = freshPassword(model);
  const outcome = await run.portal.accounts.changePassword({
    email: person.email,
    currentPassword: person.password,
    newPassword: next,
    ...run.origin,
  });
  const refusal = passDoor(person, model.now, true);
  if (refusal !== null) return expectRefused(person, outcome, refusal);
  expectAccepted(run, person, outcome, next);
  // An expired account's new password unblocks Microsoft 365 sign-in in the same PATCH.
  acceptPassword(person, next, person.status === 'expired');
}

export class ChangePassword implements LifecycleCommand {
  constructor(readonly who: number) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, () => changeAndPredict(model, run, personAt(model, this.who)));
  }
  toString(): string {
    return `change(${PEOPLE[this.who]})`;
  }
}

/** Two people change their passwords at the same moment (never one person twice at once). */
export class ChangeTogether implements LifecycleCommand {
  constructor(
    readonly first: number,
    readonly second: number,
  ) {}
  check(): boolean {
    return this.first !== this.second;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      await Promise.all([
        changeAndPredict(model, run, personAt(model, this.first)),
        changeAndPredict(model, run, personAt(model, this.second)),
      ]);
    });
  }
  toString(): string {
    return `changeTogether(${PEOPLE[this.first]}, ${PEOPLE[this.second]})`;
  }
}

export type RefusalReason = 'wrong current password' | 'too short' | 'same as current';

export class RefusedChange implements LifecycleCommand {
  constructor(
    readonly who: number,
    readonly reason: RefusalReason,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      const person = personAt(model, this.who);
      const wrong = this.reason === 'wrong current password';
      const current = wrong ? wrongPassword(model) : person.password;
      const next =
        this.reason === 'too short'
          ? 'Ab1!xy'
          : this.reason === 'same as current'
            ? person.password
            : freshPassword(model);
      const outcome = await run.portal.accounts.changePassword({
        email: person.email,
        currentPassword: current,
        newPassword: next,
        ...run.origin,
      });
      const refusal = passDoor(person, model.now, !wrong);
      expectRefused(person, outcome, refusal ?? (this.reason === 'too short' ? 'TOO_SHORT' : 'REUSED'));
    });
  }
  toString(): string {
    return `refusedChange(${PEOPLE[this.who]}, ${this.reason})`;
  }
}

/** Wrong passwords at sign-in or on the change form, counted towards the lockout. */
export class WrongPasswords implements LifecycleCommand {
  constructor(
    readonly who: number,
    readonly times: number,
    readonly door: 'sign-in' | 'change',
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      const person = personAt(model, this.who);
      for (let i = 0; i < this.times; i += 1) {
        const guess = wrongPassword(model);
        const { accounts } = run.portal;
        const outcome =
          this.door === 'sign-in'
            ? await accounts.signIn({ email: person.email, password: guess, ...run.origin })
            : await accounts.changePassword({
                email: person.email,
                currentPassword: guess,
                newPassword: freshPassword(model),
                ...run.origin,
              });
        expectRefused(person, outcome, passDoor(person, model.now, false) ?? 'nothing');
      }
    });
  }
  toString(): string {
    return `wrongPasswords(${PEOPLE[this.who]}, ${this.times}× at ${this.door})`;
  }
}

/** "Forgot my password": a reset link by mail, then a new password set with it. */
export class ResetByMail implements LifecycleCommand {
  constructor(readonly who: number) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      const person = personAt(model, this.who);
      const token = await mailedResetLink(run, person.email);
      // A suspended account gets a mail saying to contact support, and no link.
      expect(token === null, `${person.email}: a link only when not suspended`).toBe(
        person.status === 'suspended',
      );
      if (token === null) return;
      const next = freshPassword(model);
      const outcome = await run.portal.accounts.setPasswordWithLink({
        token,
        purpose: 'reset',
        newPassword: next,
        ...run.origin,
      });
      expectAccepted(run, person, outcome, next);
      // The link lifts a lockout, and its password unblocks Microsoft 365 sign-in.
      person.failures = 0;
      person.lastFailureAt = null;
      person.lockedUntil = null;
      acceptPassword(person, next, true);
    });
  }
  toString(): string {
    return `resetByMail(${PEOPLE[this.who]})`;
  }
}

/**
 * Signs in with the password before the newest: it works while it is still the portal's current one
 * (the newest is on its way to Microsoft 365), and is a wrong password once the newest is in.
 */
export class SignInWithOldPassword implements LifecycleCommand {
  constructor(readonly who: number) {}
  check(model: Readonly<LifecycleModel>): boolean {
    return personAt(model, this.who).previousPassword !== null;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      const person = personAt(model, this.who);
      const old = person.previousPassword ?? '';
      const outcome = await run.portal.accounts.signIn({ email: person.email, password: old, ...run.origin });
      const mustChange = person.status === 'expired' || isPastMaxAge(person, model.now);
      const refusal = passDoor(person, model.now, old === person.microsoft.password);
      if (refusal !== null) return expectRefused(person, outcome, refusal);
      expect(outcome.status, `${person.email} signs in with the password still current`).toBe(
        mustChange ? 'must_change' : 'ok',
      );
    });
  }
  toString(): string {
    return `signInWithOldPassword(${PEOPLE[this.who]})`;
  }
}

/** Signs in; an expired password (or one past the maximum age) must be replaced there and then. */
export class SignInAndRenew implements LifecycleCommand {
  constructor(readonly who: number) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      const person = personAt(model, this.who);
      const { accounts } = run.portal;
      const outcome = await accounts.signIn({
        email: person.email,
        password: person.password,
        ...run.origin,
      });
      const mustChange = person.status === 'expired' || isPastMaxAge(person, model.now);
      const refusal = passDoor(person, model.now, true);
      if (refusal !== null) return expectRefused(person, outcome, refusal);
      expect(outcome.status, `${person.email} signs in`).toBe(mustChange ? 'must_change' : 'ok');
      if (outcome.status !== 'must_change') return;
      const next = freshPassword(model);
      const renewed = await accounts.setPasswordWithSession({
        sessionToken: outcome.session.token,
        newPassword: next,
        ...run.origin,
      });
      expectAccepted(run, person, renewed, next);
      acceptPassword(person, next, true);
    });
  }
  toString(): string {
    return `signInAndRenew(${PEOPLE[this.who]})`;
  }
}
