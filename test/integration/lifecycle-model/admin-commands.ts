import { expireUser, suspendUser, UserStateError, unlockUser, unsuspendUser } from '@passgate/portal';
import { expect } from 'vitest';
import { clearFailures, isLocked, type LifecycleModel, queueEnabled } from './model.js';
import { type LifecycleCommand, personAt, step } from './step.js';
import type { Run } from './world.js';

const PEOPLE = ['ada', 'ben', 'cleo'];
const ADMIN = { type: 'admin' as const, id: 'lifecycle-model' };

/** The admin action's answer, or the state error it throws when it does not apply. */
async function attempt<T>(action: () => Promise<T>): Promise<T | 'refused'> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof UserStateError) return 'refused';
    throw error;
  }
}

export type AdminAction = 'expire' | 'suspend' | 'unsuspend' | 'unlock';

/** What the admin (CLI or console) does to one person's account. */
export class Admin implements LifecycleCommand {
  constructor(
    readonly action: AdminAction,
    readonly who: number,
  ) {}
  check(): boolean {
    return true;
  }
  run(model: LifecycleModel, run: Run): Promise<void> {
    return step(model, run, async () => {
      const person = personAt(model, this.who);
      const deps = run.portal.adminDeps;
      const at = new Date(model.now);
      const email = person.email;
      const what = `${this.action} ${email} (${person.status})`;
      if (this.action === 'expire') {
        const result = await attempt(() => expireUser(deps, email, at, ADMIN));
        // Only an active account can be expired; an expired one is left as it is.
        const expected = person.status === 'suspended' ? 'refused' : person.status === 'active';
        expect(result, what).toBe(expected);
        if (result !== true) return;
        person.status = 'expired';
        queueEnabled(person, 'expiry');
      } else if (this.action === 'suspend') {
        const result = await attempt(() => suspendUser(deps, email, at, ADMIN));
        expect(result, what).toBe(person.status === 'suspended' ? 'refused' : undefined);
        if (result === 'refused' || person.status === 'suspended') return;
        person.statusBeforeSuspend = person.status;
        person.status = 'suspended';
        queueEnabled(person, 'suspension');
      } else if (this.action === 'unsuspend') {
        const result = await attempt(() => unsuspendUser(deps, email, at, ADMIN));
        // Back to what it was (a renewal that landed meanwhile ended the expiry: active); an expired
        // account stays blocked until its new password goes through.
        const restored = person.status === 'suspended' ? (person.statusBeforeSuspend ?? 'active') : 'refused';
        expect(result, what).toBe(restored);
        if (restored === 'refused') return;
        person.status = restored;
        person.statusBeforeSuspend = null;
        if (restored === 'active') queueEnabled(person, true);
      } else {
        const result = await unlockUser(deps, email, at, ADMIN);
        expect(result, what).toBe(isLocked(person, model.now));
        clearFailures(person);
      }
    });
  }
  toString(): string {
    return `admin.${this.action}(${PEOPLE[this.who]})`;
  }
}
