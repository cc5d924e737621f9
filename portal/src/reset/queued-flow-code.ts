import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type ResolveResetDeps, resolveResetRequest } from '../accounts/request-reset.js';
import type { Sealer } from '../crypto/sealer.js';
import { composeMail } from '../mail/compose-mail.js';
import { enqueueMail, mailSealContext } from '../mail/enqueue-mail.js';
import { mailLanguage } from '../mail/mail-language.js';
import { EMAIL_CODE_MINUTES } from '../recovery/email-codes.js';
import { personalEmailOf } from '../recovery/personal-email.js';
import type { Database } from '../store/database-schema.js';
import { takeClaimedRequest } from '../store/port/claim-mail.js';
import { type CeilingNoticeRequest, resolveCeilingNotice } from './ceiling-notice.js';
import { UnknownRequestError } from './unknown-request-error.js';

/**
 * A code a flow asked for, carried sealed in the mail queue (a `reset_request` row, like a reset link's
 * request) from the request to the mail sender, which alone looks at the account: so /reset/send-code
 * runs the same statements for every address typed, and whether a mail goes out is decided off the request.
 */
interface FlowCodeRequest {
  type: 'flow_code';
  tokenHash: string;
  code: string;
  codeHash: string;
}

/** Queues the flow's code for the mail sender, in the caller's transaction (where the flow got its hash). */
export async function queueFlowCode(
  trx: Kysely<Database>,
  request: Omit<FlowCodeRequest, 'type'>,
  sealer: Sealer,
  now: number,
): Promise<void> {
  await queueRequestRow(trx, { type: 'flow_code', ...request } satisfies FlowCodeRequest, sealer, now);
}

/**
 * A `reset_request` row: a request carried sealed from a /reset step to the mail sender, which alone
 * looks at the account (resolveQueuedRequest), so the step runs the same statements for every address.
 */
export async function queueRequestRow(
  trx: Kysely<Database>,
  payload: { type: string },
  sealer: Sealer,
  now: number,
): Promise<void> {
  const id = randomUUID();
  await trx
    .insertInto('mail_queue')
    .values({
      id,
      user_id: null,
      kind: 'reset_request',
      to_address: '',
      payload: sealer.seal(JSON.stringify(payload), mailSealContext(id)),
      status: 'queued',
      attempts: 0,
      next_attempt_at: now,
      lease_until: null,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
}

/**
 * The mail sender's one way in for `reset_request` rows: a flow's code, a notice of a ceiling, or a reset
 * link asked for (which alone has no `type`). A type this version does not know, from a newer portal in a
 * rolling upgrade, is refused untouched (UnknownRequestError), so the sender retries it with backoff: read
 * as a reset link asked for, it would at best fail on a field it lacks, at worst be taken and audited as one.
 */
export async function resolveQueuedRequest(
  deps: ResolveResetDeps,
  task: { id: string; attempts: number; plaintext: string },
): Promise<string> {
  const parsed = JSON.parse(task.plaintext) as { type?: string };
  if (parsed.type === 'flow_code') return resolveFlowCode(deps, task, parsed as FlowCodeRequest);
  if (parsed.type === 'ceiling_notice')
    return resolveCeilingNotice(deps, task, parsed as CeilingNoticeRequest);
  if (parsed.type !== undefined) throw new UnknownRequestError(`a request of type ${String(parsed.type)}`);
  return resolveResetRequest(deps, task);
}

/**
 * Mails a flow's code to the account's personal address, in one transaction that also deletes the request
 * (only the claim holder does: `attempts` is its claim). Nothing goes out for an address with no account,
 * none registered, a policy without personal addresses, or a code already replaced or a flow ended; the
 * code's target is recorded only now (checkFlowCode proves the address only while it is still theirs).
 */
async function resolveFlowCode(
  deps: ResolveResetDeps,
  task: { id: string; attempts: number },
  request: FlowCodeRequest,
): Promise<string> {
  const { config } = deps;
  const at = deps.now().getTime();
  return deps.db.transaction().execute(async (trx) => {
    if (!(await takeClaimedRequest(trx, task))) return 'another claim resolved it';
    const flow = await trx
      .selectFrom('reset_flows')
      .innerJoin('users', 'users.id', 'reset_flows.user_id')
      .select(['users.id', 'users.display_name'])
      .where('reset_flows.token_hash', '=', request.tokenHash)
      .where('reset_flows.code_hash', '=', request.codeHash)
      .where('reset_flows.used_at', 'is', null)
      .where('reset_flows.expires_at', '>', at)
      .executeTakeFirst();
    if (flow === undefined) return 'nothing sent: no account, or the flow or its code is gone';
    const to = config.recovery.methods.includes('personal_email')
      ? await personalEmailOf({ db: trx }, flow.id, { usableForResetAt: at })
      : null;
    if (to === null) return 'nothing sent: no personal address';
    await trx
      .updateTable('reset_flows')
      .set({ code_target: to })
      .where('token_hash', '=', request.tokenHash)
      .where('code_hash', '=', request.codeHash)
      .execute();
    const { organisation } = config;
    const content = composeMail(
      { kind: 'email_code', code: request.code, minutes: EMAIL_CODE_MINUTES, use: 'reset' },
      {
        language: await mailLanguage(trx, flow.id, config.defaultLanguage),
        organisation: organisation.name,
        displayName: flow.display_name,
        supportText: organisation.supportText,
        supportUrl: organisation.supportUrl,
        messages: config.messages,
      },
    );
    await enqueueMail(trx, { userId: flow.id, kind: 'email_code', to, content, now: at }, deps.mailSealer);
    return 'code mailed to the personal address';
  });
}
