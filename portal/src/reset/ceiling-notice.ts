import type { Kysely } from 'kysely';
import type { ResolveResetDeps } from '../accounts/request-reset.js';
import { noticeRecipient, queueSecurityNotice, type SecurityNotice } from '../notifications/index.js';
import type { Database } from '../store/database-schema.js';
import { takeClaimedRequest } from '../store/port/claim-mail.js';
import { countInWindow, takeWindowsIn } from '../store/port/counters.js';
import { writeTransaction } from '../store/write-transaction.js';
import type { FlowRow } from './flow-rows.js';
import { queueRequestRow } from './queued-flow-code.js';
import type { ResetDeps } from './reset-deps.js';
import {
  CODES_CEILING,
  ceilingNoticeWindow,
  type NoticedCeiling,
  STANDING_CODES_CEILING,
  TOTP_CEILING,
} from './reset-limits.js';
import { UnknownRequestError } from './unknown-request-error.js';

/** The notice of a ceiling asked for, carried sealed to the mail sender like a flow's code. */
export interface CeilingNoticeRequest {
  type: 'ceiling_notice';
  email: string;
  at: number;
  /** Which ceiling engaged. Absent from requests queued before codes mailed had a notice: the authenticator's. */
  ceiling?: NoticedCeiling;
}

/** What the person is told of each ceiling (reset-limits.ts): what rests, for how long, and why. */
const NOTICES: Readonly<Record<NoticedCeiling, SecurityNotice>> = {
  totp: { kind: 'reset_guessing_stopped', failures: TOTP_CEILING.maxAttempts },
  mailed_codes: {
    kind: 'reset_codes_stopped',
    codes: CODES_CEILING.max,
    minutes: CODES_CEILING.windowSeconds / 60,
  },
  mailed_guessing: { kind: 'reset_mailed_guessing_stopped', failures: TOTP_CEILING.maxAttempts },
  device_codes: {
    kind: 'reset_device_codes_stopped',
    codes: STANDING_CODES_CEILING.max,
    minutes: STANDING_CODES_CEILING.windowSeconds / 60,
  },
};

/**
 * A ceiling engaged for the address typed: a strangers' (wrong authenticator codes, codes mailed, or wrong
 * mailed codes), or the devices' on codes mailed. The person is told, at their work address and every
 * personal one, at most once a day for each ceiling. Each strangers' ceiling can be filled from one IPv6
 * /56, so this is how a person learns why their app rests or their codes do not come, and what still
 * works, before they need it; the devices' only by someone who holds their password, so this is how
 * they learn to change it.
 *
 * One slot a day, taken in the same write transaction that queues the request: the slot is spent only
 * with a notice queued, so a failure between the two (SQLITE_BUSY, a crash) spends neither, and the next
 * refusal that day tells the person. The take is one atomic upsert whose row stays locked until the
 * commit: of parallel refusals on any number of instances exactly one queues it (the others wait, then
 * find the slot taken; or take it, if that one rolled back). Every refusal at a full ceiling comes here,
 * so a slot already taken today is found with a read, and nothing is written.
 *
 * The read, the slot and the queued request are the same statements for an address with no account: the
 * mail sender alone looks at the account (resolveCeilingNotice), so neither the answer nor how long it
 * takes says whether it exists.
 */
export async function ceilingNotice(
  deps: ResetDeps,
  ceiling: NoticedCeiling,
  flow: FlowRow,
  at: number,
): Promise<void> {
  const slot = ceilingNoticeWindow(ceiling, flow.email);
  // A read may only skip the take: a free slot seen here is still taken, or found taken, atomically below.
  if ((await countInWindow(deps.db, slot.key, slot.window, at)) >= slot.window.max) return;
  const request: CeilingNoticeRequest = { type: 'ceiling_notice', email: flow.email, at, ceiling };
  const queued = await writeTransaction(deps.db, async (trx) => {
    if (!(await takeWindowsIn(trx, [slot], at))) return false;
    await queueRequestRow(trx, request, deps.mailSealer, at);
    return true;
  });
  if (queued) deps.mailSender?.wake();
}

/**
 * Queues the notice for the account the address names, in one transaction that also deletes the request
 * (only the claim holder does: `attempts` is its claim); nothing for an address with no account.
 *
 * A ceiling this version has no words for (queued by a newer portal during a rolling upgrade) is refused
 * before anything is taken: the request stays queued, the mail sender retries it with backoff (where a
 * newer sender can claim it), and the log says why, not a TypeError from deep in composing the notice.
 */
export async function resolveCeilingNotice(
  deps: ResolveResetDeps,
  task: { id: string; attempts: number },
  request: CeilingNoticeRequest,
): Promise<string> {
  const ceiling = request.ceiling ?? 'totp';
  const notice = Object.hasOwn(NOTICES, ceiling) ? NOTICES[ceiling] : undefined;
  if (notice === undefined) throw new UnknownRequestError(`a notice of the ${String(ceiling)} ceiling`);
  return deps.db.transaction().execute(async (trx: Kysely<Database>) => {
    if (!(await takeClaimedRequest(trx, task))) return 'another claim resolved it';
    const user = await noticeRecipient(trx, { email: request.email });
    if (user === undefined) return 'nothing sent: no account';
    await queueSecurityNotice(trx, deps, user, notice, { at: request.at });
    return `notice of the ${ceiling} ceiling queued`;
  });
}
