import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { lockCredential } from '../store/port/lock-credential.js';
import { writeTransaction } from '../store/write-transaction.js';
import { listMethods } from './list-methods.js';
import { notifyMethodChange } from './notify-method-change.js';
import { recordMethodAudit } from './record-method-audit.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import type { RecoveryOrigin, RecoveryUser } from './recovery-user.js';
import { type RemovalTarget, removalRefusal } from './removal-rule.js';

/**
 * Removes a method (or the recovery codes) unless the policy's rule refuses it (removal-rule.ts). The
 * rule is decided on the methods as they are under the person's row lock (store/port lockCredential), so
 * two removals at once (two tabs) are decided one after the other: they cannot each see the other's
 * method still there and, between them, remove the last two.
 */
export async function removeMethod(
  deps: RecoveryDeps,
  user: RecoveryUser,
  target: RemovalTarget,
  origin: RecoveryOrigin | null,
): Promise<RecoveryOutcome<{ kind: RecoveryKind }>> {
  const at = deps.now();
  const outcome = await writeTransaction(deps.db, async (trx) => {
    if ((await lockCredential(trx, user.id)) === null) return refusedWith('METHOD_NOT_FOUND');
    const admin = await trx
      .selectFrom('users')
      .select('is_admin')
      .where('id', '=', user.id)
      .executeTakeFirst();
    const overview = await listMethods(trx, user.id);
    const refusal = removalRefusal(overview, target, admin?.is_admin === 1, deps.config.recovery);
    if (refusal !== null) return refusedWith(refusal);
    let kind: RecoveryKind = 'recovery_codes';
    let removedAddress: string | null = null;
    if (target === 'recovery_codes') {
      await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    } else {
      const removed = await trx
        .deleteFrom('recovery_methods')
        .where('id', '=', target.methodId)
        .where('user_id', '=', user.id)
        .returning(['kind', 'email'])
        .executeTakeFirstOrThrow();
      kind = removed.kind;
      removedAddress = removed.email;
    }
    await recordMethodAudit(trx, { user, change: 'removed', kind, at, origin });
    // The removed personal address hears of it too, after which it gets nothing more from us.
    await notifyMethodChange(trx, deps, {
      user,
      change: 'removed',
      method: kind,
      at,
      alsoTo: [removedAddress],
    });
    return { status: 'ok' as const, kind };
  });
  if (outcome.status === 'ok') deps.mailSender?.wake();
  return outcome;
}
