import type { Kysely } from 'kysely';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { queueSecurityNotice } from '../notifications/index.js';
import type { Database } from '../store/database-schema.js';
import type { RecoveryDeps } from './recovery-deps.js';
import type { RecoveryUser } from './recovery-user.js';

/**
 * Tells the person a way back in was added, replaced or removed (security notice to the work address and
 * every confirmed personal address), in the transaction that made the change. Every place that adds or
 * removes a method calls this once per change the person made (a replacement is one notice, not a
 * "removed" and an "added"). `alsoTo`: an address that was just removed or replaced, which must hear of
 * it too: an intruder who swaps the personal address for their own must not silence the old one.
 */
export async function notifyMethodChange(
  trx: Kysely<Database>,
  deps: Pick<RecoveryDeps, 'config' | 'mailSealer'>,
  event: {
    user: RecoveryUser;
    change: 'added' | 'removed' | 'replaced';
    method: RecoveryKind;
    at: Date;
    alsoTo?: readonly (string | null)[];
  },
): Promise<void> {
  await queueSecurityNotice(
    trx,
    deps,
    event.user,
    { kind: 'method_changed', change: event.change, method: event.method },
    { at: event.at.getTime(), alsoTo: event.alsoTo ?? [] },
  );
}
