import type { Generated } from 'kysely';

/** Times are milliseconds since the epoch (bigint columns), so SQLite and PostgreSQL agree. */
export interface UsersTable {
  id: string;
  /** Lower-cased; also the Microsoft 365 user principal name. */
  email: string;
  display_name: string | null;
  password_hash: string;
  /** expired: the password is past its age; the user may still change it (and is re-enabled in Microsoft 365).
   * suspended: an admin blocked the account; only support can lift it. */
  status: 'active' | 'expired' | 'suspended';
  /** When the current password became current (any way: admin, change, reset). */
  password_changed_at: number;
  /** When the user last changed it themselves: the minimum password age counts from here. */
  user_changed_at: number | null;
  created_at: number;
  last_synced_at: number | null;
  last_sync_error: string | null;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: string;
  password_hash: string;
  retired_at: number;
}

/** A new password accepted by the portal and waiting for Microsoft 365: one row per outbox job. */
export interface PendingPasswordsTable {
  job_id: string;
  user_id: string;
  password_hash: string;
  created_at: number;
}

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'superseded';

export interface OutboxJobsTable {
  id: string;
  user_id: string;
  /** Per-user order: jobs of one user apply strictly by seq. */
  seq: number;
  kind: 'set_password';
  tenant: string;
  upn: string;
  /** AES-256-GCM sealed password; NULL once the job ends (wiped). */
  payload: Uint8Array | null;
  status: JobStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  correlation_id: string;
  enable_account: number;
  created_at: number;
  updated_at: number;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  event_type: string;
  timestamp: string;
  user_id: string | null;
  username: string;
  success: number;
  /** The whole AuditEvent as JSON (never a password). */
  body: string;
}

/** Rate-limit windows and lockout state, shared by every portal process using the database. */
export interface CountersTable {
  key: string;
  count: number;
  window_start: number;
  locked_until: number | null;
}

export interface Database {
  users: UsersTable;
  password_history: PasswordHistoryTable;
  pending_passwords: PendingPasswordsTable;
  outbox_jobs: OutboxJobsTable;
  audit_events: AuditEventsTable;
  counters: CountersTable;
}
