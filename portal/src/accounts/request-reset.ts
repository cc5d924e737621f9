import { randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record-audit.js';
import type { RequestOrigin } from './account-service.js';
import type { UserRow } from './check-credentials.js';
import { takeFromWindows } from './counters.js';
import type { AccountServiceDeps } from './create-account-service.js';
import { issueLink } from './link-tokens.js';
import { newOpaqueToken } from './opaque-token.js';
import { linkUrl, queueUserMail } from './queue-user-mail.js';
import { normaliseEmail } from './tenant-for-email.js';

/**
 * AccountService.requestReset. Resolves the same way for every e-mail (no enumeration by content), and
 * does the same kind of work for each (a token, a transaction with an audit row), so timing says little;
 * the mail itself is sent later by the mail sender, never while the person waits.
 * - active/expired (locked or not): a reset link;  pending_activation: a welcome (activation) link;
 * - suspended: a mail saying to contact support, no link;  unknown or rate-limited: nothing but the audit row.
 */
export async function requestReset(
  deps: AccountServiceDeps,
  input: { email: string } & RequestOrigin,
): Promise<void> {
  const { db, config } = deps;
  const at = deps.now();
  const ms = at.getTime();
  const email = normaliseEmail(input.email).slice(0, 320);
  const limits = [
    { key: `reset-addr:${input.clientIp}`, window: config.rateLimits.resetPerAddress },
    { key: `reset-acct:${email}`, window: config.rateLimits.resetPerAccount },
  ];
  const allowed = await takeFromWindows(db, limits, ms);
  const user: UserRow | undefined = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email)
    .executeTakeFirst();
  // Made and sealed whether or not it is used: the same work for every request, so the time taken says
  // little about whether the account exists (the mail itself is sent later, off the request).
  const spare = linkUrl(config, 'reset', newOpaqueToken());
  deps.mailSealer.seal(spare, 'timing-only');
  const mailed = await db.transaction().execute(async (trx) => {
    let outcome: string = allowed ? 'no such account' : 'RATE_LIMITED';
    let queued = false;
    if (allowed && user !== undefined) {
      if (user.status === 'suspended') {
        await queueUserMail(trx, deps, user, { kind: 'suspended_notice' }, ms);
        outcome = 'ACCOUNT_SUSPENDED: support notice mailed, no link';
      } else {
        const purpose = user.status === 'pending_activation' ? 'activation' : 'reset';
        const ttlMs =
          purpose === 'reset' ? config.links.resetMinutes * 60_000 : config.links.activationDays * 86_400_000;
        const { token } = await issueLink(trx, user.id, purpose, ms, ttlMs);
        const link = linkUrl(config, purpose, token);
        await queueUserMail(
          trx,
          deps,
          user,
          purpose === 'reset'
            ? { kind: 'reset', link, minutes: config.links.resetMinutes }
            : { kind: 'activation', link, days: config.links.activationDays },
          ms,
        );
        outcome = `${purpose} link mailed`;
      }
      queued = true;
    }
    await recordAudit(trx, {
      type: 'user_password_reset_request',
      user: { id: user?.id ?? null, email },
      at,
      origin: { clientIp: input.clientIp, userAgent: input.userAgent },
      success: queued,
      ...(queued ? { changes: [] } : {}),
      errorMessage: queued ? null : outcome,
      correlationId: randomUUID(),
    });
    deps.logger.info(
      { userId: user?.id ?? null, outcome: queued ? outcome : 'nothing sent' },
      'reset requested',
    );
    return queued;
  });
  if (mailed) deps.mailSender?.wake();
}
