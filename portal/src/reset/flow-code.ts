import { randomInt } from 'node:crypto';
import type { RequestOrigin } from '../accounts/account-service.js';
import { limitRefusal, type ReasonedWindow } from '../accounts/limit-end.js';
import { usableForResetAt } from '../recovery/cooling-off.js';
import { EMAIL_CODE_MINUTES, EMAIL_CODE_TRIES } from '../recovery/email-codes.js';
import { type RecoveryOutcome, refusedWith } from '../recovery/recovery-outcome.js';
import { firstRefusingLock, takeFromWindows } from '../store/port/counters.js';
import { replaceFlowCode, tryFlowCode } from '../store/port/reset-flows.js';
import { ceilingNotice } from './ceiling-notice.js';
import { auditFactorAttempt } from './factor-attempt-audit.js';
import type { FlowRow } from './flow-rows.js';
import { queueFlowCode } from './queued-flow-code.js';
import type { ResetDeps } from './reset-deps.js';
import {
  CODES_CEILING,
  FLOW_MAX_SENDS,
  guessLocks,
  STANDING_CODES_CEILING,
  sendWindows,
} from './reset-limits.js';

/** What a flow's codes are hashed for (with the flow's own key, so no two flows share a code). */
const PURPOSE = 'reset';

/**
 * Mails the flow a new 6-digit code at the account's personal address (10 minutes, 5 tries, replacing
 * the flow's last code). Every flow gets a code, stored the same way, and the same sealed request for the
 * mail sender, which mails it only where there is a personal address to send it to (an account, one
 * registered, a policy that allows them): elsewhere the code is never sent anywhere, so no typed code is
 * likelier to match than a guess at a real one, and its tries run down and end exactly like a real
 * code's. Known and unknown addresses get the same statements and answers, by construction, also when
 * the strangers' ceiling refuses and the person is told (ceilingNotice: decided off the request too), and
 * that refusal is audited as a typed code's is. When the devices' hourly ceiling refuses, the person is
 * told too (only someone who signed in with their password can fill it), and that refusal is audited alike.
 * While this browser's locks on wrong mailed codes rest (guessLocks), no code is mailed: it would be
 * refused unchecked when typed, so the answer is that refusal (RESET_LOCKED) now, not a code that fails.
 * It still counts on the client's own windows (sendWindows) and is audited like a typed code refused so.
 *
 * The code belongs to the flow, not to the person: nobody else's flow can replace it or spend its tries.
 */
export async function sendFlowCode(
  deps: ResetDeps,
  flow: FlowRow,
  origin: RequestOrigin,
): Promise<RecoveryOutcome> {
  const { db, config } = deps;
  const at = deps.now();
  const now = at.getTime();
  const windows = sendWindows(config, {
    email: flow.email,
    device: origin.device,
    clientIp: origin.clientIp,
  });
  // This client's windows first (all but the two ceilings): every code asked for counts there, one the
  // locks or a ceiling refuse below too, so a client asking again and again is held to its own limits, and
  // so is the work each refusal does (its reads, its notice, its audit row: at most one per request these
  // windows let through). Each ceiling is taken on its own, after them, counted exactly as one take of them
  // all (each stops at the first full window): so a refusal there is known to be the ceiling's, never a
  // client's own window, and only then is the person told (at most once a day for each ceiling). The
  // devices' (a browser with a device cookie) right away, where it was counted before; the strangers' (a
  // browser with no standing) last, after the locks.
  const ceiling = windows.filter((limit) => limit.window === CODES_CEILING);
  const devices = windows.filter((limit) => limit.window === STANDING_CODES_CEILING);
  const own = windows.filter((limit) => !ceiling.includes(limit) && !devices.includes(limit));
  if (!(await takeFromWindows(db, own, now)))
    return { status: 'refused', ...(await limitRefusal(db, windows, now)) };
  if (devices.length > 0 && !(await takeFromWindows(db, devices, now)))
    return refusedAtCeiling(deps, 'device_codes', { flow, origin, at }, windows);
  // Then the locks a typed code would be reserved on, read (nothing reserved): a code they refuse is never
  // mailed, nor taken from the ceiling (it mails nothing). They are keyed on the address typed and filled
  // alike for every address, so the read, the answer and its time are the same whether or not it has an
  // account; at the strangers' ceiling the person is told, as when a typed code finds it full, and the
  // refusal is audited as a typed code's is (proveFactor), the same for an address with no account.
  const locked = await firstRefusingLock(
    db,
    guessLocks('personal_email', {
      email: flow.email,
      device: origin.device,
      provenInFlow: flow.proven.length > 0,
      clientIp: origin.clientIp,
    }),
    now,
  );
  if (locked !== undefined) {
    if (locked.notice !== undefined) await ceilingNotice(deps, locked.notice, flow, now);
    const refused = refusedWith('RESET_LOCKED');
    await auditFactorAttempt(deps, { flow, kind: 'personal_email', origin, at }, refused);
    return refused;
  }
  if (ceiling.length > 0 && !(await takeFromWindows(db, ceiling, now)))
    return refusedAtCeiling(deps, 'mailed_codes', { flow, origin, at }, windows);
  // The same statements for every flow, whichever address was typed: a code, its hash on the flow, and
  // the code sealed in the queue. The mail sender alone looks at the account (queued-flow-code.ts).
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const codeHash = deps.codes.emailCode(flow.tokenHash, PURPOSE, code);
  const expiresAt = now + EMAIL_CODE_MINUTES * 60_000;
  const sent = await db.transaction().execute(async (trx) => {
    if (
      !(await replaceFlowCode(
        trx,
        flow.tokenHash,
        { codeHash, target: null, expiresAt },
        FLOW_MAX_SENDS,
        now,
      ))
    )
      return false;
    await queueFlowCode(trx, { tokenHash: flow.tokenHash, code, codeHash }, deps.mailSealer, now);
    return true;
  });
  if (!sent) return refusedWith('RATE_LIMITED');
  deps.mailSender?.wake();
  return { status: 'ok' };
}

/**
 * A code refused by one of the hourly ceilings on codes mailed (after the client's own windows let it
 * through): the person is told, once a day (ceilingNotice), and the refusal leaves a trace for the audit
 * log as a lock's refusal does (the refusal code, never a code), the same row for an address with no
 * account. At the strangers' ceiling, someone was kept from a code because strangers used up the hour; at
 * the devices', someone who holds the password keeps asking, and the notice sends the person to their IT
 * support, who must find where from (the client address of each refusal) without the person's mailbox.
 */
async function refusedAtCeiling(
  deps: ResetDeps,
  ceiling: 'mailed_codes' | 'device_codes',
  request: { flow: FlowRow; origin: RequestOrigin; at: Date },
  windows: readonly ReasonedWindow[],
): Promise<RecoveryOutcome> {
  const { flow, origin, at } = request;
  const now = at.getTime();
  await ceilingNotice(deps, ceiling, flow, now);
  const refused: RecoveryOutcome = { status: 'refused', ...(await limitRefusal(deps.db, windows, now)) };
  await auditFactorAttempt(deps, { flow, kind: 'personal_email', origin, at }, refused);
  return refused;
}

/**
 * Checks a code typed in the flow: every check is a try (5 per code), the right code is spent by the
 * check that finds it. CODE_INVALID while tries are left; CODE_EXPIRED when the flow has no live code
 * (none asked for, expired, used, tries used up), after which only a new code works. A right code proves
 * the personal address only while it is still the person's address (as at security info's sign-in).
 */
export async function checkFlowCode(deps: ResetDeps, flow: FlowRow, typed: string): Promise<RecoveryOutcome> {
  const now = deps.now().getTime();
  const code = typed.replaceAll(/\s/g, '').slice(0, 64);
  const result = await tryFlowCode(
    deps.db,
    flow.tokenHash,
    deps.codes.emailCode(flow.tokenHash, PURPOSE, code),
    EMAIL_CODE_TRIES,
    now,
  );
  if (result.status === 'wrong' && result.triesLeft > 0) return refusedWith('CODE_INVALID');
  if (result.status !== 'accepted' || flow.user === null) return refusedWith('CODE_EXPIRED');
  const used = await deps.db
    .updateTable('recovery_methods')
    .set({ last_used_at: now })
    .where('user_id', '=', flow.user.id)
    .where('kind', '=', 'personal_email')
    .where('email', '=', result.target)
    .where('confirmed_at', 'is not', null)
    .where(usableForResetAt(now))
    .executeTakeFirst();
  return used.numUpdatedRows > 0n ? { status: 'ok' } : refusedWith('CODE_EXPIRED');
}
