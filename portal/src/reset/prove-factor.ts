import type { RequestOrigin } from '../accounts/account-service.js';
import { limitRefusal } from '../accounts/limit-end.js';
import { type RecoveryOutcome, refusedWith } from '../recovery/recovery-outcome.js';
import { clearFailures, reserveAttempt, settleFailure, takeFromWindows } from '../store/port/counters.js';
import { addProvenKind, countFlowFailure } from '../store/port/reset-flows.js';
import { ceilingNotice } from './ceiling-notice.js';
import { auditFactorAttempt } from './factor-attempt-audit.js';
import { endFlow, type FlowRow } from './flow-rows.js';
import type { ResetDeps } from './reset-deps.js';
import { RESET_FACTORS } from './reset-factors.js';
import type { ResetFactorInput } from './reset-flow-service.js';
import { clearedBySuccess, FLOW_MAX_FAILURES, factorWindow, guessLocks, isGuessed } from './reset-limits.js';

/**
 * Checks one factor in a flow, counting it where it belongs (reset-limits.ts): per client address always;
 * a code of a guessed kind (the authenticator's, a mailed one) also per address typed and kind, on the
 * locks of strangers (per client address, then a ceiling for all, whose engaging tells the person, in
 * words of its own for each kind), of this browser (a device cookie, then a day ceiling for all the
 * address's devices) or of flows that proved another method already (then their day ceiling); every
 * wrong code per flow, which ends past FLOW_MAX_FAILURES.
 * A flow whose address has no account runs the same checks and gets the same answers. Audited as
 * `user_second_factor_attempt` (the kind, never what was typed).
 */
export async function proveFactor(
  deps: ResetDeps,
  flow: FlowRow,
  input: ResetFactorInput,
  origin: RequestOrigin,
): Promise<RecoveryOutcome<{ complete: boolean }>> {
  const { db, config } = deps;
  const factor = RESET_FACTORS[input.factor];
  const kind = factor.proves;
  if (!config.recovery.methods.includes(kind)) return refusedWith('METHOD_NOT_ALLOWED');
  // The same kind twice counts once ("different kinds"); there is nothing to check.
  if (flow.proven.includes(kind)) return { status: 'ok', complete: flow.proven.length >= flow.needed };
  const at = deps.now();
  const ms = at.getTime();
  const audit = (result: RecoveryOutcome): Promise<void> =>
    auditFactorAttempt(deps, { flow, kind, origin, at }, result);

  const windows = [factorWindow(config, origin.clientIp)];
  if (!(await takeFromWindows(db, windows, ms))) {
    await audit(refusedWith('RATE_LIMITED'));
    return { status: 'refused', ...(await limitRefusal(db, windows, ms)) };
  }
  // A mailed code counts only when the flow has one that can still be typed: a "guess" in a flow with no
  // live code cannot match, and counting it would let strangers fill the ceiling without one code mailed.
  const guessing = isGuessed(kind) && (kind !== 'personal_email' || flow.codeLive);
  const locks = guessing
    ? guessLocks(kind, {
        email: flow.email,
        device: origin.device,
        provenInFlow: flow.proven.length > 0,
        clientIp: origin.clientIp,
      })
    : [];
  // Reserved before the code is checked: parallel guesses never get more than each rule's attempts, and a
  // refused one is never checked (a mailed code's tries are not spent). In order, stopping at the first
  // lock that refuses: one already reserved stays counted against this browser's own locks, never the
  // ceiling it did not reach.
  // Refused at the strangers' ceiling (locked, or full after a right code took its last attempt), the
  // person is told (at most once a day).
  for (const lock of locks) {
    if (!(await reserveAttempt(db, lock.key, lock.rule, ms))) {
      if (lock.notice !== undefined) await ceilingNotice(deps, lock.notice, flow, ms);
      await audit(refusedWith('RESET_LOCKED'));
      return refusedWith('RESET_LOCKED');
    }
  }
  const result = await factor.check(deps, flow, input.code, origin);
  await audit(result);
  if (result.status === 'refused') {
    for (const lock of locks)
      if ((await settleFailure(db, lock.key, lock.rule, ms)) && lock.notice !== undefined)
        await ceilingNotice(deps, lock.notice, flow, ms);
    const failures = await countFlowFailure(db, flow.tokenHash, ms);
    if (failures === null) return refusedWith('RESET_EXPIRED');
    // Enough wrong codes in one flow: the next try needs the address typed again, and a new proof of work.
    if (failures >= FLOW_MAX_FAILURES) await endFlow(db, flow.tokenHash, ms);
    return result;
  }
  // The day ceilings are never cleared (this try stays counted there): they bound the guessing, and one
  // person's success says nothing about the others' failures.
  for (const lock of locks) if (clearedBySuccess(lock)) await clearFailures(db, lock.key, ms);
  const proven = await addProvenKind(db, flow.tokenHash, kind, ms);
  if (proven === null) return refusedWith('RESET_EXPIRED');
  return { status: 'ok', complete: proven.length >= flow.needed };
}
