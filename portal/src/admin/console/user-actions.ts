import type { AuditActor } from '@passgate/core/events';
import {
  expireUser,
  sendActivation,
  setNeverExpires,
  suspendUser,
  unlockUser,
  unsuspendUser,
} from '../../accounts/admin-actions.js';
import { sendResetLink } from '../../accounts/send-reset-link.js';
import type { ConsoleDeps } from './console-deps.js';

/** What the user page says after an action (the redirect's `done`). */
export const USER_ACTION_DONE = [
  'unlock',
  'not-locked',
  'reset-link',
  'activation-link',
  'expire',
  'not-expired',
  'suspend',
  'unsuspend',
  'never-expires-on',
  'never-expires-off',
  'retry',
] as const;
export type UserActionDone = (typeof USER_ACTION_DONE)[number];

export type UserAction = 'unlock' | 'reset-link' | 'activation-link' | 'expire' | 'suspend' | 'unsuspend';

/**
 * Each console action is the CLI's own function (accounts/admin-actions.ts), with the admin as the
 * audit's initiator. UserStateError and UserNotFoundError pass through to the route.
 */
export async function runUserAction(
  deps: ConsoleDeps,
  action: UserAction,
  email: string,
  actor: AuditActor,
): Promise<UserActionDone> {
  const now = deps.now();
  const d = deps.adminDeps;
  switch (action) {
    case 'unlock':
      return (await unlockUser(d, email, now, actor)) ? 'unlock' : 'not-locked';
    case 'reset-link':
      await sendResetLink(d, email, now, actor);
      return 'reset-link';
    case 'activation-link':
      // The link goes out by mail; the console never shows it.
      await sendActivation(d, email, now, actor);
      return 'activation-link';
    case 'expire':
      return (await expireUser(d, email, now, actor)) ? 'expire' : 'not-expired';
    case 'suspend':
      await suspendUser(d, email, now, actor);
      return 'suspend';
    case 'unsuspend':
      await unsuspendUser(d, email, now, actor);
      return 'unsuspend';
  }
}

/** Turns "never expires" on or off. */
export async function runNeverExpires(
  deps: ConsoleDeps,
  email: string,
  on: boolean,
  actor: AuditActor,
): Promise<UserActionDone> {
  await setNeverExpires(deps.adminDeps, email, on, deps.now(), actor);
  return on ? 'never-expires-on' : 'never-expires-off';
}
