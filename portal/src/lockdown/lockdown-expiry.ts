import { type M365BatchOutcome, type M365Error, MAX_BATCH_REQUESTS } from '@passgate/core/graph';
import { recordAudit } from '../audit/record-audit.js';
import { readUserExpiry } from './expiry-state.js';
import { LOCKDOWN_ACTOR, type LockdownContext } from './lockdown-context.js';
import type { ExpiryChange, LockdownReport } from './lockdown-report.js';
import { holdsPermission } from './required-access.js';
import type { TenantUser } from './tenant-users.js';

const SKIP_REASONS = {
  guest: 'GUEST',
  synced: 'SYNCED',
  not_in_microsoft_365: 'NOT_IN_MICROSOFT_365',
} as const;

type PlannedChange = ExpiryChange & { userId: string };

/**
 * Adds DisablePasswordExpiration to the passwordPolicies of each portal user of the tenant who lacks
 * it, in JSON batches of 20 within Entra's write throttle, so Microsoft never shows its own expiry
 * prompt: the portal owns expiry. Each change is audited as user_update_provision, a batch at a time.
 */
export async function lockDownExpiry(
  context: LockdownContext,
  users: readonly TenantUser[],
): Promise<LockdownReport['expiry']> {
  const states = await readUserExpiry(context.client, users, context.calls);
  const skippedUsers: { email: string; reason: string }[] = [];
  const changes: PlannedChange[] = [];
  let unchanged = 0;
  for (const user of states) {
    const { state } = user;
    if (state.kind === 'disabled_already') unchanged += 1;
    else if (state.kind === 'expiry_on')
      changes.push({
        userId: user.id,
        email: user.email,
        from: state.passwordPolicies,
        to: state.to,
        outcome: 'planned',
      });
    else skippedUsers.push({ email: user.email, reason: SKIP_REASONS[state.kind] });
  }
  const report = (skipped?: { code: string; message: string }): LockdownReport['expiry'] => ({
    users: users.length,
    changes: changes.map(({ userId: _id, ...change }) => change),
    unchanged,
    skippedUsers,
    ...(skipped ? { skipped } : {}),
  });
  if (changes.length > 0 && !holdsPermission(context.claims, 'User.ReadWrite.All')) {
    return report({
      code: 'NO_PERMISSION',
      message:
        'the app lacks User.ReadWrite.All, which Graph requires to set passwordPolicies: grant it (with admin consent) and run lockdown again; you may remove it afterwards',
    });
  }
  if (!context.apply || changes.length === 0) return report();

  await applyChanges(context, changes);
  return report();
}

/**
 * Sends the changes one JSON batch (MAX_BATCH_REQUESTS) to a call, and audits each batch's outcomes
 * before sending the next: a run killed part-way has audited what it changed, which a rerun, seeing
 * those users already done, would not. When a batch fails as a whole (every request in it carries the
 * one error of its POST), the rest are not sent and end with that error, as setPasswordPolicies does
 * within one call.
 */
async function applyChanges(context: LockdownContext, changes: readonly PlannedChange[]): Promise<void> {
  let stoppedBy: M365Error | undefined;
  for (let start = 0; start < changes.length; start += MAX_BATCH_REQUESTS) {
    const batch = changes.slice(start, start + MAX_BATCH_REQUESTS);
    const error = stoppedBy;
    const outcomes: M365BatchOutcome[] =
      error === undefined
        ? await context.client.setPasswordPolicies(
            batch.map((change) => ({ user: change.email, passwordPolicies: change.to })),
            context.calls,
          )
        : batch.map((change) => ({ user: change.email, ok: false, error }));
    for (const [i, outcome] of outcomes.entries()) {
      const change = batch[i];
      if (change !== undefined) await settle(context, change, outcome);
    }
    stoppedBy ??= failedAsWhole(outcomes);
  }
}

/** setPasswordPolicies gives every request of a batch whose POST failed that one error object; a request Graph refused gets its own. */
function failedAsWhole(outcomes: readonly M365BatchOutcome[]): M365Error | undefined {
  const first = outcomes[0];
  if (first === undefined || first.ok) return undefined;
  return outcomes.every((o) => !o.ok && o.error === first.error) ? first.error : undefined;
}

async function settle(
  context: LockdownContext,
  change: PlannedChange,
  outcome: M365BatchOutcome,
): Promise<void> {
  change.outcome = outcome.ok ? 'changed' : 'failed';
  if (!outcome.ok) change.error = { code: outcome.error.code, message: outcome.error.message };
  await recordAudit(context.db, {
    type: 'user_update_provision',
    user: { id: change.userId, email: change.email },
    at: context.now(),
    success: outcome.ok,
    correlationId: context.correlationId,
    changes: [{ field: 'passwordPolicies', from: change.from, to: change.to }],
    initiatedBy: LOCKDOWN_ACTOR,
    errorMessage: outcome.ok ? null : `${outcome.error.code}: ${outcome.error.message}`,
  });
}
