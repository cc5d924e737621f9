import type { Kysely } from 'kysely';
import type { Database, PasswordDriftTable } from '../database-schema.js';

/** What a sweep accepted for a user: the key a later sweep must still find before it moves on. */
export interface DriftSeen {
  changeAt: number | null;
  writeAt: number | null;
  recordAt: number | null;
}

export interface DriftSweepClaim {
  auditReadAt: number | null;
  auditDenied: boolean;
}

/**
 * Claims the tenant's drift round if it is due (its last start at least `intervalMs` ago, give or take a
 * second of scheduler jitter) or `force`d: ONE conditional update that moves started_at and returns the
 * row, so two instances racing cannot both claim the same round. A tenant seen for the first time is
 * due one interval later (the row is made now): a portal starting up, or a new tenant, does not read a
 * whole tenant at once. Null when not due.
 */
export async function claimDriftSweep(
  db: Kysely<Database>,
  tenant: string,
  now: number,
  intervalMs: number,
  force = false,
): Promise<DriftSweepClaim | null> {
  const first = await db
    .insertInto('drift_sweeps')
    .values({ tenant, started_at: now, finished_at: null, audit_read_at: null })
    .onConflict((oc) => oc.column('tenant').doNothing())
    .returning('tenant')
    .executeTakeFirst();
  if (first !== undefined && !force) return null;
  let claim = db.updateTable('drift_sweeps').set({ started_at: now }).where('tenant', '=', tenant);
  if (!force && first === undefined) claim = claim.where('started_at', '<=', now - intervalMs + 1_000);
  const row = await claim.returning(['audit_read_at', 'audit_denied']).executeTakeFirst();
  if (row === undefined) return null;
  return {
    auditReadAt: row.audit_read_at === null ? null : Number(row.audit_read_at),
    auditDenied: Number(row.audit_denied) === 1,
  };
}

/**
 * Moves a user's drift watch from `from` (what the caller read; null: no row yet) to `to`, only if it
 * is still `from`: ONE conditional write, so two sweeps judging the same change cannot both record it
 * (the second finds the row moved and does nothing). Call it first in its transaction: on SQLite the
 * write takes the lock before anything is read; on PostgreSQL the row lock makes the second wait and
 * then re-check. Returns whether it moved.
 */
export async function moveDriftWatch(
  trx: Kysely<Database>,
  userId: string,
  from: DriftSeen | null,
  to: Partial<Omit<PasswordDriftTable, 'user_id'>> & { updated_at: number },
): Promise<boolean> {
  if (from === null) {
    const inserted = await trx
      .insertInto('password_drift')
      .values({
        user_id: userId,
        seen_change_at: null,
        seen_write_at: null,
        seen_record_at: null,
        drift_changed_at: null,
        drift_detected_at: null,
        drift_activity: null,
        drift_actor: null,
        drift_action: null,
        drift_alerted_at: null,
        blocked_at: null,
        ...to,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .returning('user_id')
      .executeTakeFirst();
    return inserted !== undefined;
  }
  const updated = await trx
    .updateTable('password_drift')
    .set(to)
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.and(
        (
          [
            ['seen_change_at', from.changeAt],
            ['seen_write_at', from.writeAt],
            ['seen_record_at', from.recordAt],
          ] as const
        ).map(([column, value]) => (value === null ? eb(column, 'is', null) : eb(column, '=', value))),
      ),
    )
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/**
 * The first look at many users (no row yet), as ONE multi-row insert: a whole page of a tenant costs
 * one statement, not a thousand. A row another sweep made meanwhile is left as it is (it looked too).
 */
export async function insertFirstLooks(
  trx: Kysely<Database>,
  rows: readonly { userId: string; changeAt: number; writeAt: number | null }[],
  now: number,
): Promise<void> {
  if (rows.length === 0) return;
  await trx
    .insertInto('password_drift')
    .values(
      rows.map((row) => ({
        user_id: row.userId,
        seen_change_at: row.changeAt,
        seen_write_at: row.writeAt,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export interface UnalertedDrift {
  userId: string;
  changedAt: number;
  detectedAt: number;
  activity: string | null;
  actor: string | null;
  action: PasswordDriftTable['drift_action'];
}

/**
 * Takes every drift not yet told to the admins and marks it told, in ONE statement (UPDATE … RETURNING):
 * two instances digesting at once each get a different share, never the same drift. Call in the
 * transaction that queues the mails, so a crash before the commit leaves them for the next digest.
 */
export async function claimUnalertedDrifts(trx: Kysely<Database>, now: number): Promise<UnalertedDrift[]> {
  const rows = await trx
    .updateTable('password_drift')
    .set({ drift_alerted_at: now })
    .where('drift_alerted_at', 'is', null)
    .where('drift_detected_at', 'is not', null)
    .returning([
      'user_id',
      'drift_changed_at',
      'drift_detected_at',
      'drift_activity',
      'drift_actor',
      'drift_action',
    ])
    .execute();
  return rows.map((row) => ({
    userId: row.user_id,
    changedAt: Number(row.drift_changed_at),
    detectedAt: Number(row.drift_detected_at),
    activity: row.drift_activity,
    actor: row.drift_actor,
    action: row.drift_action,
  }));
}
