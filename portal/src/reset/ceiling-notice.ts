import type { Kysely } from 'kysely';
import type { ResolveResetDeps } from '../accounts/request-reset.js';
import { noticeRecipient, queueSecurityNotice } from '../notifications/index.js';
import type { Database } from '../store/database-schema.js';
import { takeClaimedRequest } from '../store/port/claim-mail.js';
import { takeFromWindows } from '../store/port/counters.js';
import type { FlowRow } from './flow-rows.js';
import { queueRequestRow } from './queued-flow-code.js';
import type { ResetDeps } from './reset-deps.js';
import { ceilingNoticeWindow, TOTP_CEILING } from './reset-limits.js';

/** The notice of guessing asked for, carried sealed to the mail sender like a flow's code. */
export interface CeilingNoticeRequest {
  type: 'ceiling_notice';
  email: string;
  at: number;
}

/**
 * The strangers' ceiling engaged for the address typed: the person is told, at their work address and
 * every personal one, at most once a day (one slot a day, taken atomically: of parallel refusals on any
 * number of instances exactly one queues it). The ceiling can be filled from one IPv6 /56, so this is how
 * a person learns why their app rests, and what still works, before they need it. The slot and the
 * queued request are the same statements for an address with no account: the mail sender alone looks at
 * the account (resolveCeilingNotice), so neither the answer nor how long it takes says whether it exists.
 */
export async function ceilingNotice(deps: ResetDeps, flow: FlowRow, at: number): Promise<void> {
  if (!(await takeFromWindows(deps.db, [ceilingNoticeWindow(flow.email)], at))) return;
  const request: CeilingNoticeRequest = { type: 'ceiling_notice', email: flow.email, at };
  await deps.db.transaction().execute((trx) => queueRequestRow(trx, request, deps.mailSealer, at));
  deps.mailSender?.wake();
}

/**
 * Queues the notice for the account the address names, in one transaction that also deletes the request
 * (only the claim holder does: `attempts` is its claim); nothing for an address with no account.
 */
export function resolveCeilingNotice(
  deps: ResolveResetDeps,
  task: { id: string; attempts: number },
  request: CeilingNoticeRequest,
): Promise<string> {
  return deps.db.transaction().execute(async (trx: Kysely<Database>) => {
    if (!(await takeClaimedRequest(trx, task))) return 'another claim resolved it';
    const user = await noticeRecipient(trx, { email: request.email });
    if (user === undefined) return 'nothing sent: no account';
    await queueSecurityNotice(
      trx,
      deps,
      user,
      { kind: 'reset_guessing_stopped', failures: TOTP_CEILING.maxAttempts },
      { at: request.at },
    );
    return 'notice of guessing queued';
  });
}
