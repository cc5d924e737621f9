import type { Kysely } from 'kysely';
import type { Database, PasswordDriftTable } from '../store/database-schema.js';

/** The last password change found made in Microsoft 365 outside the portal, for `passgate users show`. */
export interface DriftSummary {
  /** When it was changed (Microsoft's time). */
  changedAt: Date;
  /** When drift detection found it. */
  detectedAt: Date;
  /** The audit activity ("Reset password (by admin)" …), null when the audit log could not say. */
  activity: string | null;
  /** Who, null when unknown. */
  actor: string | null;
  action: PasswordDriftTable['drift_action'];
}

export async function findDrift(db: Kysely<Database>, userId: string): Promise<DriftSummary | null> {
  const row = await db
    .selectFrom('password_drift')
    .select(['drift_changed_at', 'drift_detected_at', 'drift_activity', 'drift_actor', 'drift_action'])
    .where('user_id', '=', userId)
    .where('drift_detected_at', 'is not', null)
    .executeTakeFirst();
  if (row === undefined || row.drift_changed_at === null || row.drift_detected_at === null) return null;
  return {
    changedAt: new Date(Number(row.drift_changed_at)),
    detectedAt: new Date(Number(row.drift_detected_at)),
    activity: row.drift_activity,
    actor: row.drift_actor,
    action: row.drift_action,
  };
}

const ACTION: Record<NonNullable<PasswordDriftTable['drift_action']>, string> = {
  reported: 'reported',
  expired: 'expired in the portal',
  blocked: 'expired, Microsoft 365 sign-in blocked',
};

/** One line: when, how, by whom, and what the portal did. */
export function describeDrift(drift: DriftSummary): string {
  const how = drift.activity ? ` "${drift.activity}"` : '';
  const who = drift.actor ? ` by ${drift.actor}` : ' (who: not in the audit log)';
  const action = drift.action ? ACTION[drift.action] : 'reported';
  return `changed in Microsoft 365 ${drift.changedAt.toISOString()}${how}${who}; found ${drift.detectedAt.toISOString()}, ${action}`;
}
