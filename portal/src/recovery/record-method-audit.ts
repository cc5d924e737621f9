import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import type { Database } from '../store/database-schema.js';
import type { RecoveryOrigin, RecoveryUser } from './recovery-user.js';

/**
 * Audits a method added or removed, in the transaction that made the change. `changes` names the kind
 * only: never an address's code, an authenticator secret or a recovery code.
 */
export async function recordMethodAudit(
  trx: Kysely<Database>,
  event: {
    user: RecoveryUser;
    change: 'added' | 'removed';
    kind: RecoveryKind;
    at: Date;
    origin: RecoveryOrigin | null;
  },
): Promise<void> {
  await recordAudit(trx, {
    type: event.change === 'added' ? 'user_recovery_method_added' : 'user_recovery_method_removed',
    user: { id: event.user.id, email: event.user.email },
    at: event.at,
    success: true,
    correlationId: randomUUID(),
    changes: [
      event.change === 'added'
        ? { field: 'recoveryMethod', to: event.kind }
        : { field: 'recoveryMethod', from: event.kind },
    ],
    origin: event.origin,
  });
}
