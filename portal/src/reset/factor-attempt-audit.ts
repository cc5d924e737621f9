import { randomUUID } from 'node:crypto';
import type { RequestOrigin } from '../accounts/account-service.js';
import { recordAudit } from '../audit/record-audit.js';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import type { RecoveryOutcome } from '../recovery/recovery-outcome.js';
import type { FlowRow } from './flow-rows.js';
import type { ResetDeps } from './reset-deps.js';

/**
 * Audits an attempt at one kind of method in a reset flow as `user_second_factor_attempt`: the kind, the
 * outcome and its refusal code, never what was typed. An address with no account gets the same event with
 * no user id, in the same statement: the audit write says no more of whether the address exists than the
 * answer does.
 */
export async function auditFactorAttempt(
  deps: Pick<ResetDeps, 'db'>,
  attempt: { flow: FlowRow; kind: RecoveryKind; origin: RequestOrigin; at: Date },
  result: RecoveryOutcome,
): Promise<void> {
  const { flow, kind, origin, at } = attempt;
  await recordAudit(deps.db, {
    type: 'user_second_factor_attempt',
    user: { id: flow.user?.id ?? null, email: flow.email },
    at,
    origin,
    success: result.status === 'ok',
    errorMessage: result.status === 'ok' ? null : result.code,
    changes: [
      { field: 'factor', to: kind },
      { field: 'flow', to: 'reset' },
    ],
    correlationId: randomUUID(),
  });
}
