import type { Kysely } from 'kysely';
import type { RecoveryConfig } from '../config/recovery-config-schema.js';
import type { Database } from '../store/database-schema.js';
import { listMethods } from './list-methods.js';
import { standingOf } from './standing.js';

/**
 * Whether the link mailed to the work address may serve this person as a way back in NOW
 * (`recovery.workMailboxLink`, see standingOf). Asked when a link is sent AND when it is used: a person
 * who registered another method after the link went out (or a policy changed to `never` meanwhile) is
 * no longer one mailbox away from losing their account, whatever links are still in that mailbox.
 */
export async function workMailboxServes(
  db: Kysely<Database>,
  user: { id: string; is_admin: number },
  config: RecoveryConfig,
  now: number,
): Promise<boolean> {
  // A method still in its cooling-off does not count: for a reset it is as if it were not registered.
  const usable = await listMethods(db, user.id, { usableForResetAt: now });
  return standingOf(usable, user.is_admin === 1, config).workMailboxUsable;
}
