import { randomUUID } from 'node:crypto';
import type { AuditChange } from '@passgate/core/events';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { replaceCurrentPassword } from '../accounts/replace-current-password.js';
import { recordAudit } from '../audit/record-audit.js';
import { type UndoNoticeDeps, undoPasswordNotice } from '../notifications/undo-password-notice.js';
import type { Database } from '../store/database-schema.js';
import { lockUserOutbox } from '../store/port/append-outbox-job.js';
import type { OutboxJob } from '../store/port/claim-jobs.js';
import { unsyncedTransaction, writeTransaction } from '../store/write-transaction.js';
import { enqueueSetAccountEnabled } from './enqueue-set-account-enabled.js';

/** Only the attempt that holds the claim may finish the job (a crashed-and-reclaimed job has moved on). */
function ownClaim(trx: Kysely<Database>, job: OutboxJob) {
  return trx.updateTable('outbox_jobs').where(claimedBy(job));
}

/** The job's row while this attempt's claim holds: still running, and not taken up again since. */
function claimedBy(job: OutboxJob) {
  return (eb: ExpressionBuilder<Database, 'outbox_jobs'>) =>
    eb.and([eb('id', '=', job.id), eb('status', '=', 'running'), eb('attempts', '=', job.attempts)]);
}

/**
 * Microsoft 365 has the password: the pending hash becomes current, the old one goes to history, the
 * sealed payload is wiped, and the audit log records the provision and the change, all in one transaction.
 * Returns false if this attempt no longer owned the job.
 */
export async function completeJob(db: Kysely<Database>, job: OutboxJob, now: Date): Promise<boolean> {
  const at = now.getTime();
  // Unsynced (SQLite; see WriteOptions.synced): lost to a power cut, the job is back to its claim and is
  // applied again after the restart: the same password once more, never an older one, since a later
  // synced commit (the next change) would have synced this one too. The accepting commit stays synced.
  return unsyncedTransaction(db, async (trx) => {
    // The user's row lock before the job's, as every transaction on a user's outbox takes them (PostgreSQL).
    await lockUserOutbox(trx, job.user_id);
    const updated = await ownClaim(trx, job)
      .set({ status: 'done', payload: null, lease_until: null, last_error: null, updated_at: at })
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return false;
    if (job.kind === 'set_account_enabled') {
      await recordEnabledApplied(trx, job, now);
      return true;
    }
    // What the password did besides itself, said in its user_password_change row below.
    const madeCurrent: AuditChange[] = [];
    const pending = await trx
      .selectFrom('pending_passwords')
      .select(['password_hash', 'created_at'])
      .where('job_id', '=', job.id)
      .executeTakeFirst();
    if (pending !== undefined) {
      const later = await signInStatesBehind(trx, job);
      // A disable for an expiry or drift queued after this password (so decided after it was accepted) is
      // the newer decision about the password: Microsoft 365 will block sign-in again, so the portal must
      // not say active. A suspension's is about the account, not the password: while it lasts the account
      // stays suspended (replaceCurrentPassword), and once lifted it stands no more.
      // An expiry decided after it was accepted overrules it too when it queued no disable (onExpiry
      // 'maintain'): users.expired_at tells, whatever suspensions came and went meanwhile.
      const overruled =
        later.some((state) => state.enable_account === 0 && state.disabled_for !== 'suspension') ||
        (await expiredSince(trx, job.user_id, pending.created_at));
      const made = await replaceCurrentPassword(trx, job.user_id, pending.password_hash, at, {
        byUser: true,
        reactivate: (job.enable_account === 1 || job.reactivate === 1) && !overruled,
        acceptedAt: pending.created_at,
      });
      madeCurrent.push(...made.changes);
      // Active from now on, yet Microsoft 365 would end blocked: by a suspension lifted before this landed
      // (unsuspend restored 'expired' then, which stays blocked, and queued no enable). An enable goes
      // behind it, so Microsoft 365 sees the order people acted in and ends where the portal is. It carries
      // this password's correlation id, and its row says it was queued (`to` only, as a request row says):
      // the user_update_provision row that shares the id says when Microsoft 365 took it.
      if (made.reactivated && later.at(-1)?.enable_account === 0) {
        await reenableBehind(trx, job, at);
        madeCurrent.push({ field: 'accountEnabled', to: true });
      }
      await trx
        .updateTable('users')
        .set({ last_synced_at: at, last_sync_error: null })
        .where('id', '=', job.user_id)
        .execute();
      await trx.deleteFrom('pending_passwords').where('job_id', '=', job.id).execute();
    }
    const who = { id: job.user_id, email: job.upn };
    const changes = [
      { field: 'password' },
      ...(job.enable_account ? [{ field: 'accountEnabled', from: false, to: true }] : []),
    ];
    const base = {
      user: who,
      at: now,
      correlationId: job.correlation_id,
      initiatedBy: { type: 'system' as const, id: 'passgate-sync' },
    };
    await recordAudit(trx, { ...base, type: 'user_update_provision', success: true, changes });
    await recordAudit(trx, {
      ...base,
      type: 'user_password_change',
      success: true,
      changes: [{ field: 'password' }, ...madeCurrent],
      initiatedBy: { type: 'user', id: job.user_id, email: job.upn },
    });
    return true;
  });
}

/** The user's enable/disable jobs still to land after `job`, in the order they will land. */
function signInStatesBehind(
  trx: Kysely<Database>,
  job: OutboxJob,
): Promise<Pick<OutboxJob, 'enable_account' | 'disabled_for'>[]> {
  return trx
    .selectFrom('outbox_jobs')
    .select(['enable_account', 'disabled_for'])
    .where('user_id', '=', job.user_id)
    .where('kind', '=', 'set_account_enabled')
    .where('status', 'in', ['queued', 'running'])
    .where('seq', '>', job.seq)
    .orderBy('seq')
    .execute();
}

/** Whether an expiry was decided after `acceptedAt` (strictly: in the same millisecond, the order is unknown). */
async function expiredSince(trx: Kysely<Database>, userId: string, acceptedAt: number): Promise<boolean> {
  const user = await trx
    .selectFrom('users')
    .select('expired_at')
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  return user.expired_at !== null && user.expired_at > acceptedAt;
}

async function reenableBehind(trx: Kysely<Database>, job: OutboxJob, at: number): Promise<void> {
  await enqueueSetAccountEnabled(trx, {
    jobId: randomUUID(),
    userId: job.user_id,
    tenant: job.tenant,
    upn: job.upn,
    enabled: true,
    correlationId: job.correlation_id,
    now: at,
  });
}

async function recordEnabledApplied(trx: Kysely<Database>, job: OutboxJob, now: Date): Promise<void> {
  const enabled = job.enable_account === 1;
  await trx
    .updateTable('users')
    .set({ last_synced_at: now.getTime(), last_sync_error: null })
    .where('id', '=', job.user_id)
    .execute();
  await recordAudit(trx, {
    type: 'user_update_provision',
    user: { id: job.user_id, email: job.upn },
    at: now,
    success: true,
    correlationId: job.correlation_id,
    changes: [{ field: 'accountEnabled', from: !enabled, to: enabled }],
    initiatedBy: { type: 'system', id: 'passgate-sync' },
  });
}

/**
 * Microsoft 365 will not take this job: the pending password is discarded (both sides keep the old
 * one), the payload wiped, and the failure audited with `reason` (a code and words, never a password).
 */
export async function failJobIn(
  trx: Kysely<Database>,
  job: OutboxJob,
  reason: { code: string; message: string; refusal: string },
  now: Date,
  notices?: UndoNoticeDeps,
): Promise<boolean> {
  const at = now.getTime();
  const lastError = `${reason.code}: ${reason.message}`;
  // The user's row lock before the job's, as every transaction on a user's outbox takes them (PostgreSQL).
  await lockUserOutbox(trx, job.user_id);
  const updated = await ownClaim(trx, job)
    .set({ status: 'failed', payload: null, lease_until: null, last_error: lastError, updated_at: at })
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) return false;
  await trx.deleteFrom('pending_passwords').where('job_id', '=', job.id).execute();
  await trx.updateTable('users').set({ last_sync_error: lastError }).where('id', '=', job.user_id).execute();
  const base = {
    user: { id: job.user_id, email: job.upn },
    at: now,
    correlationId: job.correlation_id,
    success: false,
  };
  const enabling = job.kind === 'set_account_enabled';
  await recordAudit(trx, {
    ...base,
    type: 'user_update_provision',
    changes: enabling ? [{ field: 'accountEnabled', to: job.enable_account === 1 }] : [{ field: 'password' }],
    errorMessage: lastError,
    initiatedBy: { type: 'system', id: 'passgate-sync' },
  });
  if (!enabling) {
    await recordAudit(trx, { ...base, type: 'user_password_change', errorMessage: reason.refusal });
    if (notices !== undefined) await undoPasswordNotice(trx, notices, job, at);
  }
  return true;
}

/** failJob in a transaction of its own. */
export async function failJob(
  db: Kysely<Database>,
  job: OutboxJob,
  reason: { code: string; message: string; refusal: string },
  now: Date,
  notices?: UndoNoticeDeps,
): Promise<boolean> {
  return db.transaction().execute((trx) => failJobIn(trx, job, reason, now, notices));
}

/**
 * The user's next queued job when it is a newer password that may take `job`'s place, else undefined.
 * Read under lockUserOutbox: a change accepted meanwhile on another instance cannot supersede that job
 * between this read and the write that hands it `job`'s flags.
 */
async function newerPasswordBehind(
  trx: Kysely<Database>,
  job: OutboxJob,
): Promise<{ id: string } | undefined> {
  if (job.kind !== 'set_password') return undefined;
  const next = await trx
    .selectFrom('outbox_jobs')
    .select(['id', 'kind'])
    .where('user_id', '=', job.user_id)
    .where('status', '=', 'queued')
    .where('seq', '>', job.seq)
    .orderBy('seq')
    .executeTakeFirst();
  return next?.kind === 'set_password' ? { id: next.id } : undefined;
}

/** This attempt no longer owns its job (its lease ran out and another claim took it): undo what it wrote. */
class ClaimLost extends Error {}

/**
 * Ends `job` as superseded by `newer` (with this attempt's claim), wiping its payload and pending hash.
 * The newer job was queued while this one ran, so enqueueSetPassword could not hand it this job's
 * re-enable (a way back in), session revoke (a reset) or reactivation: they carry over here. The newer
 * job must still be waiting, and is locked by the same statement until this commits: one an admin took
 * up meanwhile to give up on (claimJobToEnd, which takes no user lock) will never be sent, so then
 * nothing is superseded ('newer-gone') and `job` is retried itself. Throws ClaimLost when this attempt
 * no longer owns `job`, so that nothing it wrote commits.
 */
async function supersedeBy(
  trx: Kysely<Database>,
  job: OutboxJob,
  newer: { id: string },
  lastError: string,
  at: number,
): Promise<'superseded' | 'newer-gone'> {
  const carried = await trx
    .updateTable('outbox_jobs')
    .set((eb) => ({
      enable_account: job.enable_account === 1 ? 1 : eb.ref('enable_account'),
      revoke_sessions: job.revoke_sessions === 1 ? 1 : eb.ref('revoke_sessions'),
      reactivate: job.reactivate === 1 ? 1 : eb.ref('reactivate'),
    }))
    .where('id', '=', newer.id)
    .where('status', '=', 'queued')
    .executeTakeFirst();
  if (carried.numUpdatedRows === 0n) return 'newer-gone';
  const updated = await ownClaim(trx, job)
    .set({ status: 'superseded', payload: null, lease_until: null, last_error: lastError, updated_at: at })
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) throw new ClaimLost();
  await trx.deleteFrom('pending_passwords').where('job_id', '=', job.id).execute();
  return 'superseded';
}

/** `work`'s result, or `lost` when it found its claim gone (its writes rolled back). */
async function unlessClaimLost<T, L>(work: Promise<T>, lost: L): Promise<T | L> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof ClaimLost) return lost;
    throw error;
  }
}

/**
 * A passing problem (throttled, outage): the job waits until `nextAttemptAt` and keeps its payload.
 * If the user has since made a newer change, this one is superseded instead: the newer password is the
 * one Microsoft 365 must end with, and retrying the older one first would only delay it. Only a password
 * job directly followed by a newer password job is superseded: an enable/disable between them must
 * still land after this password (see enqueueSetPassword), and enable/disable jobs are never superseded.
 * The superseded job's enable_account/revoke_sessions carry over to the newer one, as in enqueueSetPassword.
 */
export async function rescheduleJob(
  db: Kysely<Database>,
  job: OutboxJob,
  nextAttemptAt: number,
  error: string,
  now: Date,
): Promise<'rescheduled' | 'superseded' | 'lost'> {
  const at = now.getTime();
  // Reads the user's next job before it writes: the write lock comes first (see writeTransaction).
  const work = writeTransaction(db, async (trx) => {
    await lockUserOutbox(trx, job.user_id);
    const newer = await newerPasswordBehind(trx, job);
    const superseded =
      newer === undefined
        ? 'newer-gone'
        : await supersedeBy(trx, job, newer, `${error}; superseded by ${newer.id}`, at);
    if (superseded === 'newer-gone') {
      const updated = await ownClaim(trx, job)
        .set({
          status: 'queued',
          lease_until: null,
          next_attempt_at: nextAttemptAt,
          last_error: error,
          updated_at: at,
        })
        .executeTakeFirst();
      if (updated.numUpdatedRows === 0n) return 'lost';
    }
    await trx.updateTable('users').set({ last_sync_error: error }).where('id', '=', job.user_id).execute();
    return superseded === 'superseded' ? ('superseded' as const) : ('rescheduled' as const);
  });
  return unlessClaimLost(work, 'lost' as const);
}

/**
 * Before a job taken up again is sent (its hold after an unanswered call has lapsed, or its worker
 * crashed): when a newer password of the user waits directly behind a password job, that job ends
 * superseded unsent. Microsoft 365 gets only the newest password, and gets it after any late write of
 * this one. 'lost' when this attempt no longer owns the job, of whatever kind (its lease ran out and
 * another attempt took it up): then it must send nothing, or an older password, or a sign-in state an
 * admin has since reversed, could land after what the other attempt sent.
 */
export async function beforeSendingAgain(
  db: Kysely<Database>,
  job: OutboxJob,
  now: Date,
): Promise<'send' | 'superseded' | 'lost'> {
  const work = writeTransaction(db, async (trx) => {
    await lockUserOutbox(trx, job.user_id);
    const newer = job.kind === 'set_password' ? await newerPasswordBehind(trx, job) : undefined;
    const reason = `superseded by ${newer?.id} before it was sent again`;
    if (newer !== undefined && (await supersedeBy(trx, job, newer, reason, now.getTime())) === 'superseded')
      return 'superseded' as const;
    // No newer password to yield to (none, or an admin took it up to give up on): sent, if still ours.
    return (await stillOwned(trx, job)) ? ('send' as const) : ('lost' as const);
  });
  return unlessClaimLost(work, 'lost' as const);
}

async function stillOwned(trx: Kysely<Database>, job: OutboxJob): Promise<boolean> {
  return (
    (await trx.selectFrom('outbox_jobs').select('id').where(claimedBy(job)).executeTakeFirst()) !== undefined
  );
}
