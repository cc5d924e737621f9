import { acceptTotpStep } from '../store/port/recovery-factors.js';
import { openTotpSecret } from './authenticator.js';
import { usableForResetAt } from './cooling-off.js';
import type { RecoveryDeps } from './recovery-deps.js';
import { type RecoveryOutcome, refusedWith } from './recovery-outcome.js';
import { matchTotp } from './totp.js';

/**
 * Checks a code from the person's authenticator app (±1 step of 30 s) and accepts its time step once
 * (store/port acceptTotpStep): CODE_INVALID for a wrong code (or no app registered: the same answer),
 * CODE_ALREADY_USED for a code whose step was already accepted (a replay, or the same code twice).
 * Callers count failures against their own limits: six digits are guessable without them. `forReset`:
 * an app still in its cooling-off (cooling-off.ts) is as if it were not registered.
 */
export async function verifyTotp(
  deps: RecoveryDeps,
  userId: string,
  code: string,
  options: { forReset?: boolean } = {},
): Promise<RecoveryOutcome<{ methodId: string }>> {
  const at = deps.now().getTime();
  const rows = await deps.db
    .selectFrom('recovery_methods')
    .select(['id', 'totp_secret'])
    .where('user_id', '=', userId)
    .where('kind', '=', 'totp')
    .where('confirmed_at', 'is not', null)
    .$if(options.forReset === true, (qb) => qb.where(usableForResetAt(at)))
    .execute();
  for (const row of rows) {
    const secret = openTotpSecret(deps, row);
    const step = secret === null ? null : matchTotp(secret, code, at);
    if (step === null) continue;
    if (!(await acceptTotpStep(deps.db, row.id, step, at))) return refusedWith('CODE_ALREADY_USED');
    return { status: 'ok', methodId: row.id };
  }
  return refusedWith('CODE_INVALID');
}
