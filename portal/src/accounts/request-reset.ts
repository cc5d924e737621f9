import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { Sealer } from '../crypto/sealer.js';
import { mailSealContext } from '../mail/enqueue-mail.js';
import { listMethods } from '../recovery/list-methods.js';
import { standingOf } from '../recovery/standing.js';
import type { Database } from '../store/database-schema.js';
import { takeClaimedRequest } from '../store/port/claim-mail.js';
import { takeFromWindows } from '../store/port/counters.js';
import { lockCredential } from '../store/port/lock-credential.js';
import type { RequestOrigin } from './account-service.js';
import type { AccountServiceDeps } from './create-account-service.js';
import { resetRequestWindows } from './limit-keys.js';
import { hasOpenLink, issueLink } from './link-tokens.js';
import { linkUrl, queueUserMail } from './queue-user-mail.js';
import { normaliseEmail } from './tenant-for-email.js';

/** What a reset request carries from the request to its resolution (sealed in the queue row). */
interface ResetRequest {
  email: string;
  /** Within the limit for the client's address when it was made. */
  clientAllowed: boolean;
  /** Within the limit for the address typed when it was made. */
  accountAllowed: boolean;
  clientIp: string;
  userAgent: string;
  at: number;
}

/**
 * AccountService.requestReset. Does exactly the same work for every address typed, known or not: the
 * rate-limit windows, then one sealed `reset_request` row in the mail queue. Whether the account exists
 * is looked at only later, by the mail sender (resolveResetRequest), off the request: so neither the
 * answer nor the time it takes says anything about the account, and a request survives a crash.
 */
export async function requestReset(
  deps: AccountServiceDeps,
  input: { email: string } & RequestOrigin,
): Promise<void> {
  const { db, config } = deps;
  const at = deps.now().getTime();
  const email = normaliseEmail(input.email).slice(0, 320);
  // Taken apart: over the typed address's limit a link may still go out (see resolveResetRequest), over
  // the client's never. The same two steps for every address typed.
  const windows = resetRequestWindows(config, email, input.clientIp);
  const clientAllowed = await takeFromWindows(db, [windows.client], at);
  const accountAllowed = clientAllowed && (await takeFromWindows(db, [windows.account], at));
  const request: ResetRequest = {
    email,
    clientAllowed,
    accountAllowed,
    clientIp: input.clientIp,
    userAgent: input.userAgent,
    at,
  };
  const id = randomUUID();
  await db
    .insertInto('mail_queue')
    .values({
      id,
      user_id: null,
      kind: 'reset_request',
      to_address: '',
      payload: deps.mailSealer.seal(JSON.stringify(request), mailSealContext(id)),
      status: 'queued',
      attempts: 0,
      next_attempt_at: at,
      lease_until: null,
      last_error: null,
      created_at: at,
      sent_at: null,
    })
    .execute();
  deps.mailSender?.wake();
}

export interface ResolveResetDeps {
  db: Kysely<Database>;
  config: PortalConfig;
  mailSealer: Sealer;
  now: () => Date;
}

/**
 * Turns a claimed `reset_request` into what it should send, in one transaction that also deletes the
 * request (only the claim holder does: `attempts` is its claim):
 * - active/expired (locked or not): a reset link;  pending_activation: a welcome (activation) link;
 * - suspended: a mail saying to contact support, no link;  unknown: nothing but the audit row;
 * - nothing either when recovery.workMailboxLink does not let the work mailbox serve this account.
 * Over the rate limits, a link is still sent when the person has none open: otherwise anyone could
 * use up a person's requests for the hour and leave them no way back in. Mail stays bounded: one
 * more per link lifetime at most.
 */
export async function resolveResetRequest(
  deps: ResolveResetDeps,
  task: { id: string; attempts: number; plaintext: string },
): Promise<string> {
  const { db, config } = deps;
  const request = JSON.parse(task.plaintext) as ResetRequest;
  // The link lasts from when it is mailed, however long the request waited in the queue.
  const at = deps.now().getTime();
  return db.transaction().execute(async (trx) => {
    if (!(await takeClaimedRequest(trx, task))) return 'another claim resolved it';
    const user = await trx
      .selectFrom('users')
      .selectAll()
      .where('email', '=', request.email)
      .executeTakeFirst();
    // One resolution at a time per person (the sender resolves a batch at once, several instances too):
    // "no link open" must not be true for two of them.
    if (user !== undefined) await lockCredential(trx, user.id);
    const allowed = request.clientAllowed && request.accountAllowed;
    let outcome = allowed ? 'no such account' : 'RATE_LIMITED';
    let sent = false;
    // The work mailbox serves as a way back in only where recovery.workMailboxLink lets it, for this
    // person (a welcome link is no way back in: it sets up an account that has nothing else yet).
    const usable =
      user !== undefined &&
      (user.status === 'pending_activation' ||
        standingOf(
          await listMethods(trx, user.id, { usableForResetAt: at }),
          user.is_admin === 1,
          config.recovery,
        ).workMailboxUsable);
    if (user !== undefined && !usable) outcome = 'the work mailbox is not a way back in for this account';
    if (user !== undefined && usable) {
      const purpose = user.status === 'pending_activation' ? 'activation' : 'reset';
      const send =
        allowed ||
        (request.clientAllowed &&
          user.status !== 'suspended' &&
          !(await hasOpenLink(trx, user.id, purpose, at)));
      if (send && user.status === 'suspended') {
        await queueUserMail(trx, deps, user, { kind: 'suspended_notice' }, at);
        outcome = 'ACCOUNT_SUSPENDED: support notice mailed, no link';
        sent = true;
      } else if (send) {
        const ttlMs =
          purpose === 'reset' ? config.links.resetMinutes * 60_000 : config.links.activationDays * 86_400_000;
        // A welcome link asked for here lives beside the one the person may be about to click.
        const { token } = await issueLink(trx, user.id, purpose, at, ttlMs, { replace: false });
        const link = linkUrl(config, purpose, token);
        await queueUserMail(
          trx,
          deps,
          user,
          purpose === 'reset'
            ? { kind: 'reset', link, minutes: config.links.resetMinutes }
            : { kind: 'activation', link, days: config.links.activationDays },
          at,
        );
        outcome = `${purpose} link mailed${allowed ? '' : ' (over the limit for this address, but no link was open)'}`;
        sent = true;
      }
    }
    await recordAudit(trx, {
      type: 'user_password_reset_request',
      user: { id: user?.id ?? null, email: request.email },
      at: new Date(request.at),
      origin: { clientIp: request.clientIp, userAgent: request.userAgent },
      success: sent,
      ...(sent ? { changes: [] } : {}),
      errorMessage: sent ? null : outcome,
      correlationId: randomUUID(),
    });
    return sent ? outcome : `nothing sent: ${outcome}`;
  });
}
