import { randomUUID } from 'node:crypto';
import type { RefusalCode } from '@passgate/core/codes';
import type { AuditChange } from '@passgate/core/events';
import { evaluatePassword, type PasswordDictionary, type ViolationCode } from '@passgate/core/policy';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { PortalConfig } from '../config/portal-config.js';
import { hashPassword } from '../crypto/password-hasher.js';
import { type PasswordWay, queueSecurityNotice } from '../notifications/index.js';
import type { Database } from '../store/database-schema.js';
import { releaseHeldMail, withdrawHeldMail } from '../store/port/held-mail.js';
import { advanceCredential, lockCredential } from '../store/port/lock-credential.js';
import { enqueueSetPassword } from '../sync/enqueue-set-password.js';
import type { ChangeOutcome, Refusal, RequestOrigin } from './account-service.js';
import { blockedByDrift } from './blocked-by-drift.js';
import type { ChangePasswordDeps } from './change-password.js';
import { isReused, type UserRow } from './check-credentials.js';
import { passwordContext } from './password-context.js';
import { refused } from './refused.js';
import { replaceCurrentPassword } from './replace-current-password.js';
import { tenantForEmail } from './tenant-for-email.js';
import { waitForJob } from './wait-for-job.js';

/** How the person proved they may set a new password. */
export type PasswordProof =
  /** A change: they typed their current password (the hash it matched). The minimum age applies. */
  | { kind: 'current_password'; currentPassword: string; provenHash: string }
  /**
   * A way back in (expired sign-in, reset link, activation): no minimum age (these people cannot sign
   * in), and Microsoft 365 gets the password and accountEnabled: true in ONE PATCH. `claim` runs inside
   * the accepting transaction (spend the link …); false aborts with claim_lost.
   */
  | { kind: 'recovery'; revokeSessions: boolean; claim: (trx: Kysely<Database>) => Promise<boolean> };

export interface AcceptRequest extends RequestOrigin {
  /** The user as read when the proof was checked: its credential_version is what the proof holds for. */
  user: UserRow;
  newPassword: string;
  correlationId: string;
  proof: PasswordProof;
  /**
   * How the password came about, for the security notice to the person's work and personal addresses
   * ("your password was changed"); null tells nobody (a first password set from a welcome link).
   */
  notice: PasswordWay | null;
}

export type AcceptResult =
  | ChangeOutcome
  /** The recovery claim was lost (the link was spent by another request). */
  | { status: 'claim_lost' }
  /** Another password was accepted after the proof was checked: the proof no longer holds. */
  | { status: 'stale' };

const DAY_MS = 86_400_000;

/**
 * The one place a new password is accepted: the policy (with the common-password list), the history and
 * the minimum age; then ONE transaction that re-reads the user under the write lock, checks that no other
 * password was accepted since the proof (the credential version), moves the version on (which ends every
 * older portal session), and queues the password for Microsoft 365 (or makes it current at once when the
 * domain has no tenant); then it waits a few seconds for Microsoft 365 like the person does.
 */
export async function acceptPassword(
  deps: ChangePasswordDeps,
  request: AcceptRequest,
): Promise<AcceptResult> {
  const { db, config } = deps;
  const { user, proof } = request;
  const at = deps.now();
  const ms = at.getTime();
  const tenant = tenantForEmail(config.tenants, user.email);
  const refusals: Refusal[] = policyRefusals(config, user, request.newPassword, deps.dictionary);
  if (proof.kind === 'current_password' && (await isTooSoon(db, user, config.policy.minAgeDays, ms)))
    refusals.push({ code: 'TOO_SOON' });
  // History costs one argon2 verify per remembered password: only paid once everything else passed.
  const proven =
    proof.kind === 'current_password' ? { user, provenHash: proof.provenHash } : { user, provenHash: '' };
  const current = proof.kind === 'current_password' ? proof.currentPassword : '';
  if (
    refusals.length === 0 &&
    (await isReused(db, proven, current, request.newPassword, config.policy.historyCount))
  ) {
    refusals.push({ code: 'REUSED' });
  }
  if (refusals.length > 0) return { status: 'refused', refusals };

  const newHash = await hashPassword(request.newPassword);
  const jobId = randomUUID();
  const origin = { clientIp: request.clientIp, userAgent: request.userAgent };
  const recovery = proof.kind === 'recovery';
  let notices: string[] = [];
  // Everything above may be stale (argon2 takes a while): an admin may have suspended the account, or
  // another request proving the same old password may have been accepted. Decided again here.
  const outcome = await db.transaction().execute(async (trx) => {
    const locked = await lockCredential(trx, user.id);
    if (locked === null) return 'claim_lost';
    if (locked.version !== user.credential_version) return 'stale';
    if (locked.status === 'suspended') return 'suspended';
    // The minimum age again, on what is true now: Microsoft 365 confirming another change since the
    // check above (its pending hash becomes current, and the person's change time moves) does not move
    // the version, so a second change proving the old password would otherwise pass.
    const fresh = { ...user, status: locked.status, user_changed_at: locked.userChangedAt };
    if (proof.kind === 'current_password' && (await isTooSoon(trx, fresh, config.policy.minAgeDays, ms)))
      return 'too_soon';
    if (recovery && !(await proof.claim(trx))) return 'claim_lost';
    await advanceCredential(trx, user.id);
    // The status it changed (an expiry or pending activation ended), said in this password's audit row.
    let madeCurrent: AuditChange[] = [];
    if (tenant === null) {
      const made = await replaceCurrentPassword(trx, user.id, newHash, ms, {
        byUser: true,
        reactivate: recovery || locked.status === 'expired',
      });
      madeCurrent = made.changes;
    } else {
      await enqueueSetPassword(
        trx,
        {
          jobId,
          userId: user.id,
          tenant: tenant.name,
          upn: user.email,
          password: request.newPassword,
          passwordHash: newHash,
          correlationId: request.correlationId,
          // A way back in always unblocks sign-in; a change lifts only the block an expiry put there
          // (from the fresh status: an expiry swept in meanwhile queued a disable this password must lift).
          // (A block drift detection put there is lifted the same way, whatever onExpiry says.)
          enableAccount:
            recovery ||
            (locked.status === 'expired' &&
              (tenant.onExpiry === 'suspend' || (await blockedByDrift(trx, user.id)))),
          revokeSessions: recovery && proof.revokeSessions,
          // Whatever onExpiry says: an expiry that blocked nothing in Microsoft 365 still ends here.
          reactivate: recovery || locked.status === 'expired',
          now: ms,
        },
        deps.sealer,
      );
    }
    await recordAudit(trx, {
      type: tenant === null ? 'user_password_change' : 'user_password_change_request',
      user: { id: user.id, email: user.email },
      at,
      origin,
      success: true,
      changes: [
        { field: 'password' },
        ...madeCurrent,
        ...(recovery && tenant !== null ? [{ field: 'accountEnabled', to: true }] : []),
      ],
      correlationId: request.correlationId,
    });
    // Queued with the password, so a crash cannot lose it; held while Microsoft 365 may still refuse the
    // password (then it is withdrawn below: the person is not told of a change that did not happen).
    if (request.notice !== null)
      notices = await queueSecurityNotice(
        trx,
        deps,
        user,
        { kind: 'password_changed', way: request.notice },
        { at: ms, sendAt: tenant === null ? ms : ms + config.sync.changeWaitMs },
      );
    return 'accepted';
  });
  if (outcome === 'claim_lost' || outcome === 'stale') return { status: outcome };
  if (outcome === 'suspended') return refused('ACCOUNT_SUSPENDED');
  if (outcome === 'too_soon') return { status: 'refused', refusals: [{ code: 'TOO_SOON' }] };
  // advanceCredential moved it on by one from the version the proof was checked at.
  const version = user.credential_version + 1;
  if (tenant === null) {
    deps.logger.info(
      { correlationId: request.correlationId, userId: user.id },
      'password changed (portal only: no tenant for this domain)',
    );
    deps.mailSender?.wake();
    return { status: 'applied', microsoft365: false, version };
  }
  deps.logger.info(
    { correlationId: request.correlationId, userId: user.id, jobId, tenant: tenant.name },
    'password queued for Microsoft 365',
  );
  deps.worker?.wake();
  const settled = await waitForJob(db, deps.worker, jobId, config.sync.changeWaitMs, {
    logger: deps.logger,
  });
  if (settled.status === 'done') {
    if ((await releaseHeldMail(db, notices, deps.now().getTime())) > 0) deps.mailSender?.wake();
    return { status: 'applied', microsoft365: true, version };
  }
  // Still on its way: the notice goes out when its hold ends, as the password will apply.
  if (settled.status === 'waiting') return { status: 'queued', version };
  await withdrawHeldMail(db, notices);
  const code: RefusalCode = settled.lastError?.startsWith('PASSWORD_REJECTED')
    ? 'PASSWORD_REJECTED_BY_MICROSOFT'
    : 'MICROSOFT_REFUSED_UPDATE';
  deps.logger.info({ jobId, userId: user.id, code }, 'Microsoft 365 refused the password');
  return refused(code);
}

/**
 * What the policy says of a new password for this person (their address, name and tenant as words to
 * avoid; the common-password list when the policy asks). acceptPassword and `passgate users add` both
 * judge a password here.
 */
export function policyRefusals(
  config: Pick<PortalConfig, 'policy' | 'tenants'>,
  user: { email: string; display_name: string | null },
  password: string,
  dictionary: PasswordDictionary | undefined,
): { code: ViolationCode }[] {
  const evaluation = evaluatePassword(
    password,
    config.policy,
    passwordContext(user, tenantForEmail(config.tenants, user.email)),
    dictionary ? { dictionary } : {},
  );
  return evaluation.ok ? [] : evaluation.violations.map((v) => ({ code: v.code }));
}

/**
 * The minimum age counts from the person's last change, and a change still waiting for Microsoft 365
 * counts as made (it is current for the next change): otherwise a slow Microsoft 365 would let someone
 * cycle through the history in a minute. An expired password must be changeable at once.
 */
async function isTooSoon(
  db: Kysely<Database>,
  user: UserRow,
  minAgeDays: number,
  now: number,
): Promise<boolean> {
  if (minAgeDays === 0 || user.status === 'expired') return false;
  const pending = await db
    .selectFrom('pending_passwords')
    .select((eb) => eb.fn.max('created_at').as('at'))
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  const last = Math.max(user.user_changed_at ?? 0, Number(pending?.at ?? 0));
  return last > 0 && now - last < minAgeDays * DAY_MS;
}
