import fc from 'fast-check';
import { Admin, type AdminAction } from './admin-commands.js';
import {
  Crash,
  type CrashMoment,
  MICROSOFT_FAULTS,
  MicrosoftFails,
  TIME_STEPS,
  TimePasses,
} from './environment-commands.js';
import {
  ChangePassword,
  ChangeTogether,
  type RefusalReason,
  RefusedChange,
  ResetByMail,
  SignInAndRenew,
  SignInWithOldPassword,
  WrongPasswords,
} from './person-commands.js';
import type { LifecycleCommand } from './step.js';

const person = fc.integer({ min: 0, max: 2 });
const keysOf = <T extends object>(record: T) => Object.keys(record) as (keyof T & string)[];

/** Every command the model knows; some are listed twice to come up more often. */
export function lifecycleCommands(): fc.Arbitrary<LifecycleCommand>[] {
  const change = person.map((who): LifecycleCommand => new ChangePassword(who));
  // Faults twice as well: a job left waiting for its retry is what queues later commands behind it.
  const fault = fc.constantFrom(...keysOf(MICROSOFT_FAULTS)).map((kind) => new MicrosoftFails(kind));
  const admin = fc
    .tuple(fc.constantFrom<AdminAction>('expire', 'suspend', 'unsuspend', 'unlock'), person)
    .map(([action, who]): LifecycleCommand => new Admin(action, who));
  return [
    change,
    change,
    fc
      .tuple(person, person)
      .filter(([a, b]) => a !== b)
      .map(([a, b]) => new ChangeTogether(a, b)),
    fc
      .tuple(person, fc.constantFrom<RefusalReason>('wrong current password', 'too short', 'same as current'))
      .map(([who, reason]) => new RefusedChange(who, reason)),
    fc
      .tuple(
        person,
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom<'sign-in' | 'change'>('sign-in', 'change'),
      )
      .map(([who, times, door]) => new WrongPasswords(who, times, door)),
    person.map((who) => new ResetByMail(who)),
    person.map((who) => new SignInAndRenew(who)),
    person.map((who) => new SignInWithOldPassword(who)),
    admin,
    admin,
    fault,
    fault,
    fc
      .tuple(
        fc.constantFrom<CrashMoment>('idle', 'before Microsoft answers', 'after Microsoft applied'),
        person,
      )
      .map(([moment, who]) => new Crash(moment, who)),
    fc.constantFrom(...keysOf(TIME_STEPS)).map((span) => new TimePasses(span)),
  ];
}
