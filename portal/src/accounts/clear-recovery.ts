import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@passgate/core/events';
import { recordAudit } from '../audit/record-audit.js';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { noticeRecipient, queueSecurityNotice } from '../notifications/index.js';
import { listMethods } from '../recovery/list-methods.js';
import { lockCredential } from '../store/port/lock-credential.js';
import { writeTransaction } from '../store/write-transaction.js';
import type { AccountAdminDeps } from './admin-actions.js';
import { UserNotFoundError } from './admin-actions.js';
import { normaliseEmail } from './tenant-for-email.js';

/**
 * Removes every recovery method a person registered (personal addresses, authenticator apps, passkeys,
 * recovery codes, codes in flight) and ends their security-info sessions: what the service desk does when
 * a person lost their factors, or when someone who only had the password registered their own. The
 * removal rule (never the last method) is for the person; an admin clearing them is the way out of it.
 * Returns the kinds removed, in the order they were registered.
 */
export async function clearRecoveryMethods(
  deps: Pick<AccountAdminDeps, 'db' | 'config' | 'mailSealer'>,
  email: string,
  now: Date,
  actor: AuditActor,
): Promise<RecoveryKind[]> {
  return writeTransaction(deps.db, async (trx) => {
    const user = await noticeRecipient(trx, { email: normaliseEmail(email) });
    if (user === undefined) throw new UserNotFoundError(`no user ${normaliseEmail(email)}`);
    await lockCredential(trx, user.id);
    const overview = await listMethods(trx, user.id);
    const kinds: RecoveryKind[] = overview.methods.map((method) => method.kind);
    if (overview.recoveryCodes !== null) kinds.push('recovery_codes');
    // Told before the rows go, so every personal address registered hears of it (whoever added it).
    if (kinds.length > 0)
      await queueSecurityNotice(
        trx,
        deps,
        user,
        { kind: 'methods_cleared', methods: kinds },
        { at: now.getTime() },
      );
    await trx.deleteFrom('recovery_methods').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('recovery_codes').where('user_id', '=', user.id).execute();
    await trx.deleteFrom('email_codes').where('user_id', '=', user.id).execute();
    // A security-info session opened by whoever registered those methods must not outlive them.
    await trx
      .deleteFrom('portal_sessions')
      .where('user_id', '=', user.id)
      .where('purpose', '!=', 'set_password')
      .execute();
    for (const kind of kinds)
      await recordAudit(trx, {
        type: 'user_recovery_method_removed',
        user: { id: user.id, email: user.email },
        at: now,
        success: true,
        correlationId: randomUUID(),
        changes: [{ field: 'recoveryMethod', from: kind }],
        initiatedBy: actor,
      });
    return kinds;
  });
}
