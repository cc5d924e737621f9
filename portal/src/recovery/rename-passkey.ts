import { tidyPasskeyName } from './passkey-name.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import type { RecoveryUser } from './recovery-user.js';

/**
 * Gives one of the person's passkeys a new name (what the list shows, e.g. "Work laptop"). The name is
 * tidied as at registration; the routes refuse an empty or overlong one before it gets here, so such a
 * name is METHOD_NOT_FOUND like another person's passkey: nothing is changed either way.
 */
export async function renamePasskey(
  deps: Pick<RecoveryDeps, 'db'>,
  user: RecoveryUser,
  methodId: string,
  name: string,
): Promise<RecoveryOutcome<{ label: string }>> {
  const label = tidyPasskeyName(name);
  if (label === null) return refusedWith('METHOD_NOT_FOUND');
  const result = await deps.db
    .updateTable('recovery_methods')
    .set({ label })
    .where('id', '=', methodId)
    .where('user_id', '=', user.id)
    .where('kind', '=', 'passkey')
    .where('confirmed_at', 'is not', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n ? { status: 'ok', label } : refusedWith('METHOD_NOT_FOUND');
}
