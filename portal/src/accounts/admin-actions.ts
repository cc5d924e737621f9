import { randomUUID } from 'node:crypto';
import type { AuditActor } from '@passgate/core/events';
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/record-audit.js';
import type { PortalConfig } from '../config/portal-config.js';
import type { Sealer } from '../crypto/sealer.js';
import { queueSecurityNotice } from '../notifications/index.js';
import type { UnlockedLock } from '../notifications/security-notice.js';
import { secondFactorLockKey } from '../recovery/second-factor-lock.js';
import type { Database, DisableReason, UserStatus } from '../store/database-schema.js';
import { lockCredential } from '../store/port/lock-credential.js';
import { writeTransaction } from '../store/write-transaction.js';
import { enqueueSetAccountEnabled } from '../sync/enqueue-set-account-enabled.js';
import { blockedByDrift } from './blocked-by-drift.js';
import type { UserRow } from './check-credentials.js';
import { accountLockKey, clearAllLocks } from './limit-keys.js';
import { endUserSessions } from './portal-sessions.js';
import { queueActivation } from './queue-activation.js';
import { normaliseEmail, tenantForEmail } from './tenant-for-email.js';

/** What admin actions and the scheduler need: the database, the config and the mail sealer. */
export interface AccountAdminDeps {
  db: Kysely<Database>;
  config: PortalConfig;
  mailSealer: Sealer;
}

/** The e-mail names no user (an admin typo: the CLI says so and exits 1). */
export class UserNotFoundError extends Error {
  override readonly name = 'UserNotFoundError';
  readonly code = 'USER_NOT_FOUND';
}

/** The action does not apply in the user's current state (e.g. unsuspend an active user). */
export class UserStateError extends Error {
  override readonly name = 'UserStateError';
  readonly code = 'USER_STATE';
}

async function load(db: Kysely<Database>, email: string): Promise<UserRow> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', normaliseEmail(email))
    .executeTakeFirst();
  if (user === undefined) throw new UserNotFoundError(`no user ${normaliseEmail(email)}`);
  return user;
}

/**
 * The user as they are now, under their row's write lock, for an action that decides on their status:
 * an expiry, a suspension or a new password committing meanwhile (another admin, the expiry sweep, the
 * person) is then either seen here or waits for this transaction. Call inside writeTransaction.
 */
async function loadLocked(trx: Kysely<Database>, email: string): Promise<UserRow> {
  const { id } = await load(trx, email);
  await lockCredential(trx, id);
  return load(trx, email);
}

/** Queues an enable (`true`) or a disable with its reason; false when the user's domain has no tenant. */
async function queueEnabled(
  trx: Kysely<Database>,
  config: PortalConfig,
  user: UserRow,
  enabled: true | DisableReason,
  at: number,
  correlationId: string,
): Promise<boolean> {
  const tenant = tenantForEmail(config.tenants, user.email);
  if (tenant === null) return false;
  await enqueueSetAccountEnabled(trx, {
    jobId: randomUUID(),
    userId: user.id,
    tenant: tenant.name,
    upn: user.email,
    ...(enabled === true ? { enabled } : { enabled: false, disabledFor: enabled }),
    correlationId,
    now: at,
  });
  return true;
}

/**
 * Marks the password expired (admin or scheduler). With the tenant's onExpiry 'suspend' (default) a
 * disable job blocks Microsoft 365 sign-in until the person sets a new password in the portal.
 * Returns false when there was nothing to do (already expired, suspended or pending).
 *
 * `bySweep` (the scheduler): quietly skips anyone not active, and anyone whose new password is still
 * queued for Microsoft 365: that job would land before the disable and, carrying no re-enable (the user
 * was active), leave a person who just changed their password expired and blocked. An admin's explicit
 * expire still applies.
 */
export async function expireUser(
  deps: AccountAdminDeps,
  email: string,
  now: Date,
  actor: AuditActor,
  bySweep = false,
): Promise<boolean> {
  const user = await load(deps.db, email);
  if (user.status !== 'active') {
    if (bySweep || user.status === 'expired') return false;
    throw new UserStateError(`${user.email} is ${user.status}: only an active account can be expired`);
  }
  const at = now.getTime();
  const correlationId = randomUUID();
  return deps.db.transaction().execute(async (trx) => {
    // Checked in the same statement that expires, so a change accepted after the sweep's query still counts.
    // expired_at: a password accepted before this expiry ends it no more when it lands (completeJob).
    let expire = trx
      .updateTable('users')
      .set({ status: 'expired', expired_at: at })
      .where('id', '=', user.id)
      .where('status', '=', 'active');
    if (bySweep)
      expire = expire.where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('pending_passwords').select('job_id').where('user_id', '=', user.id))),
      );
    const updated = await expire.executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    const tenant = tenantForEmail(deps.config.tenants, user.email);
    const disable =
      tenant?.onExpiry === 'suspend' &&
      (await queueEnabled(trx, deps.config, user, 'expiry', at, correlationId));
    await recordAudit(trx, {
      type: 'user_password_expired',
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId,
      changes: [
        { field: 'status', from: 'active', to: 'expired' },
        ...(disable ? [{ field: 'accountEnabled', from: true, to: false }] : []),
      ],
      initiatedBy: actor,
    });
    return true;
  });
}

/** Lifts a lockout now. Returns false when the account was not locked. */
export async function unlockUser(
  deps: AccountAdminDeps,
  email: string,
  now: Date,
  actor: AuditActor,
): Promise<boolean> {
  const user = await load(deps.db, email);
  return deps.db.transaction().execute(async (trx) => {
    // Which locks were on now, counted before the sweep: the account's own (wrong passwords) and
    // security info's (wrong second factors) are told apart, so each unlock is reported for what it was.
    const live = async (key: string): Promise<boolean> => {
      const removed = await trx
        .deleteFrom('counters')
        .where('key', '=', key)
        .where('locked_until', '>', now.getTime())
        .executeTakeFirst();
      return removed.numDeletedRows > 0n;
    };
    const locks: UnlockedLock[] = [];
    if (await live(accountLockKey(user.email))) locks.push('password');
    if (await live(secondFactorLockKey(user.email))) locks.push('second_factor');
    await clearAllLocks(trx, user.email);
    if (locks.length === 0) return false;
    await recordAudit(trx, {
      type: 'user_unlocked',
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId: randomUUID(),
      changes: locks.map((lock) => ({
        field: lock === 'password' ? 'locked' : 'second_factor_locked',
        from: true,
        to: false,
      })),
      initiatedBy: actor,
    });
    await queueSecurityNotice(
      trx,
      deps,
      user,
      { kind: 'account_unlocked', by: { kind: 'admin' }, locks },
      { at: now.getTime() },
    );
    return true;
  });
}

/** Suspends: status suspended (the previous one kept for unsuspend), portal sessions ended, a disable job queued. */
export async function suspendUser(
  deps: AccountAdminDeps,
  email: string,
  now: Date,
  actor: AuditActor,
): Promise<void> {
  const at = now.getTime();
  const correlationId = randomUUID();
  await writeTransaction(deps.db, async (trx) => {
    // The status unsuspend restores is the one in force as this commits, not one read before.
    const user = await loadLocked(trx, email);
    if (user.status === 'suspended') throw new UserStateError(`${user.email} is already suspended`);
    await trx
      .updateTable('users')
      .set({ status: 'suspended', status_before_suspend: user.status })
      .where('id', '=', user.id)
      .execute();
    await endUserSessions(trx, user.id);
    const disable = await queueEnabled(trx, deps.config, user, 'suspension', at, correlationId);
    await recordAudit(trx, {
      type: 'user_suspended',
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId,
      changes: [
        { field: 'status', from: user.status, to: 'suspended' },
        ...(disable ? [{ field: 'accountEnabled', from: true, to: false }] : []),
      ],
      initiatedBy: actor,
    });
  });
}

/**
 * The status lifting a suspension restores, from the one kept when it began (users.status_before_suspend):
 * expired and pending_activation come back; anything else (active, or none kept) is active. Drift detection
 * judges a suspended person by it (handleDrift), so both read it the same way.
 */
export function statusToRestore(before: UserStatus | null): UserStatus {
  return before === 'expired' || before === 'pending_activation' ? before : 'active';
}

/**
 * Lifts a suspension: back to what it was (active or expired; pending_activation stays pending). Microsoft
 * 365 sign-in is re-enabled unless the account is expired under onExpiry 'suspend', or expired with drift
 * detection's block standing (blockedByDrift): then the person's new password re-enables it, in one PATCH,
 * and the audit row says sign-in stays blocked. Returns the status restored. A renewal that landed while
 * suspended ended the expiry then (what is restored is 'active'); one still queued ends it when it lands,
 * and re-enables sign-in after this suspension's disable (completeJob). A drift found while suspended
 * (onDrift expire or suspend) was kept for now by handleDrift: what is restored is then 'expired', blocked
 * where the tenant's rules block, as if it had been found while active.
 */
export async function unsuspendUser(
  deps: AccountAdminDeps,
  email: string,
  now: Date,
  actor: AuditActor,
): Promise<UserStatus> {
  const at = now.getTime();
  const correlationId = randomUUID();
  return writeTransaction(deps.db, async (trx) => {
    const user = await loadLocked(trx, email);
    if (user.status !== 'suspended')
      throw new UserStateError(`${user.email} is not suspended (it is ${user.status})`);
    const restored = statusToRestore(user.status_before_suspend);
    const tenant = tenantForEmail(deps.config.tenants, user.email);
    // Blocked for the password, not the account: only the person's next portal password lifts it (the
    // same test acceptPassword makes to lift it), whether the expiry's or drift detection's.
    const keepBlocked =
      restored === 'expired' && (tenant?.onExpiry === 'suspend' || (await blockedByDrift(trx, user.id)));
    await trx
      .updateTable('users')
      .set({ status: restored, status_before_suspend: null })
      .where('id', '=', user.id)
      .execute();
    const enable = !keepBlocked && (await queueEnabled(trx, deps.config, user, true, at, correlationId));
    await recordAudit(trx, {
      type: 'user_unsuspended',
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId,
      changes: [
        { field: 'status', from: 'suspended', to: restored },
        ...(enable ? [{ field: 'accountEnabled', from: false, to: true }] : []),
        // Said, so nobody reads the lifted suspension as sign-in allowed again.
        ...(keepBlocked ? [{ field: 'accountEnabled', from: false, to: false }] : []),
      ],
      initiatedBy: actor,
    });
    return restored;
  });
}

/** Sends (again) the welcome link of a pending_activation user; older welcome links stop working. Returns the link. */
export async function sendActivation(
  deps: AccountAdminDeps,
  email: string,
  now: Date,
  actor: AuditActor,
): Promise<string> {
  const user = await load(deps.db, email);
  if (user.status !== 'pending_activation')
    throw new UserStateError(
      `${user.email} is ${user.status}: only a pending_activation account gets a welcome link (use the reset page otherwise)`,
    );
  return deps.db.transaction().execute((trx) => queueActivation(trx, deps, user, now, actor));
}

/** Turns the per-user "never expires" exemption on or off. */
export async function setNeverExpires(
  deps: AccountAdminDeps,
  email: string,
  on: boolean,
  now: Date,
  actor: AuditActor,
): Promise<void> {
  const user = await load(deps.db, email);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ never_expires: on ? 1 : 0 })
      .where('id', '=', user.id)
      .execute();
    await recordAudit(trx, {
      type: 'user_update',
      user: { id: user.id, email: user.email },
      at: now,
      success: true,
      correlationId: randomUUID(),
      changes: [{ field: 'neverExpires', from: user.never_expires === 1, to: on }],
      initiatedBy: actor,
    });
  });
}
