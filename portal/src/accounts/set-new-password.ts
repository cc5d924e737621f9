import { randomUUID } from 'node:crypto';
import type { RefusalCode } from '@passgate/core/codes';
import { evaluatePassword, violationMessage } from '@passgate/core/policy';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import { hashPassword } from '../crypto/password-hasher.js';
import type { Database } from '../store/database-schema.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import type { ChangeOutcome, Refusal, RequestOrigin } from './account-service.js';
import type { UserRow } from './check-credentials.js';
import { isReused } from './check-credentials.js';
import type { AccountServiceDeps } from './create-account-service.js';
import { lockUserStatus } from './lock-user-status.js';
import { passwordContext } from './password-context.js';
import { refusalMessage } from './refusal-message.js';
import { replaceCurrentPassword } from './replace-current-password.js';
import { tenantForEmail } from './tenant-for-email.js';
import { waitForJob } from './wait-for-job.js';

export interface NewPasswordRequest extends RequestOrigin {
  user: UserRow;
  newPassword: string;
  /** Revoke Microsoft 365 sign-in sessions once set (reset links, when configured). */
  revokeSessions: boolean;
  correlationId: string;
  /** Runs inside the accepting transaction (mark the link used, end the session …); false aborts with claim_lost. */
  claim: (trx: Kysely<Database>) => Promise<boolean>;
}

export type NewPasswordResult = ChangeOutcome | { status: 'claim_lost' };

/**
 * A way back in (expired sign-in, reset link, activation): checks the new password against the policy
 * and history (no minimum age: these people cannot sign in), then queues it with accountEnabled: true,
 * so Microsoft 365 gets the password and the unblock in ONE PATCH, and waits like a change does.
 * The status is read again inside the accepting transaction: an account suspended meanwhile is refused
 * with ACCOUNT_SUSPENDED and nothing is queued (the claim does not run, so a link stays unspent).
 */
export async function setNewPassword(
  deps: AccountServiceDeps,
  request: NewPasswordRequest,
): Promise<NewPasswordResult> {
  const { db, config } = deps;
  const { user } = request;
  const at = deps.now();
  const ms = at.getTime();
  const tenant = tenantForEmail(config.tenants, user.email);
  const evaluation = evaluatePassword(
    request.newPassword,
    config.policy,
    passwordContext(user, tenant),
    deps.dictionary ? { dictionary: deps.dictionary } : {},
  );
  const refusals: Refusal[] = evaluation.ok
    ? []
    : evaluation.violations.map((v) => ({ code: v.code, message: v.message }));
  if (
    refusals.length === 0 &&
    (await isReused(db, { user, provenHash: '' }, '', request.newPassword, config.policy.historyCount))
  ) {
    refusals.push({ code: 'REUSED', message: violationMessage('REUSED', config.policy) });
  }
  if (refusals.length > 0) return { status: 'refused', refusals };
  const newHash = await hashPassword(request.newPassword);
  const jobId = randomUUID();
  const origin = { clientIp: request.clientIp, userAgent: request.userAgent };
  const accepted = await db.transaction().execute(async (trx) => {
    const status = await lockUserStatus(trx, user.id);
    if (status === null) return 'claim_lost';
    if (status === 'suspended') return 'suspended';
    if (!(await request.claim(trx))) return 'claim_lost';
    if (tenant === null) {
      await replaceCurrentPassword(trx, user.id, newHash, ms, { byUser: true, reactivate: true });
      await recordAudit(trx, {
        type: 'user_password_change',
        user: { id: user.id, email: user.email },
        at,
        origin,
        success: true,
        changes: [{ field: 'password' }],
        correlationId: request.correlationId,
      });
      return 'accepted';
    }
    const job = {
      jobId,
      userId: user.id,
      tenant: tenant.name,
      upn: user.email,
      password: request.newPassword,
      passwordHash: newHash,
      correlationId: request.correlationId,
      // Not suspended (read above, under the write lock): a way back in always unblocks sign-in.
      enableAccount: true,
      revokeSessions: request.revokeSessions,
      now: ms,
    };
    await enqueueSetPassword(trx, job, deps.sealer);
    await recordAudit(trx, {
      type: 'user_password_change_request',
      user: { id: user.id, email: user.email },
      at,
      origin,
      success: true,
      changes: [{ field: 'password' }, { field: 'accountEnabled', to: true }],
      correlationId: request.correlationId,
    });
    return 'accepted';
  });
  if (accepted === 'claim_lost') return { status: 'claim_lost' };
  if (accepted === 'suspended')
    return {
      status: 'refused',
      refusals: [{ code: 'ACCOUNT_SUSPENDED', message: refusalMessage('ACCOUNT_SUSPENDED') }],
    };
  if (tenant === null) return { status: 'applied', microsoft365: false };
  deps.worker?.wake();
  const settled = await waitForJob(db, deps.worker, jobId, config.sync.changeWaitMs, {
    logger: deps.logger,
  });
  if (settled.status === 'done') return { status: 'applied', microsoft365: true };
  if (settled.status === 'waiting') return { status: 'queued' };
  const code: RefusalCode = settled.lastError?.startsWith('PASSWORD_REJECTED')
    ? 'PASSWORD_REJECTED_BY_MICROSOFT'
    : 'MICROSOFT_REFUSED_UPDATE';
  return { status: 'refused', refusals: [{ code, message: refusalMessage(code) }] };
}
