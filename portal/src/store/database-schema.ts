import type { ColumnType, Generated } from 'kysely';

export type UserStatus = 'active' | 'expired' | 'suspended' | 'pending_activation';

/** Times are milliseconds since the epoch (bigint columns), so SQLite and PostgreSQL agree. */
export interface UsersTable {
  id: string;
  /** Lower-cased; also the Microsoft 365 user principal name. */
  email: string;
  display_name: string | null;
  /** The language the person last used the portal in (migration 0013); null: never, mails use defaultLanguage. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  /** '' while pending_activation (no portal password yet). */
  password_hash: string;
  /** expired: the password is past its age (or an admin expired it); the user may still change it (and is re-enabled in Microsoft 365).
   * suspended: an admin blocked the account; only support can lift it.
   * pending_activation: created or imported without a password; the welcome link sets the first one.
   * Locked is not a status: it lives in the lockout counter (counters.locked_until) and ends by itself. */
  status: UserStatus;
  /** 1: the password never expires for this user (per-user exemption). */
  never_expires: Generated<number>;
  /** The status unsuspend restores (active or expired). */
  status_before_suspend: Generated<UserStatus | null>;
  /** When the latest expiry was decided (admin, sweep or drift; migration 0017): a password accepted before
   * it that lands later ends no expiry. Null: none decided since 0017. */
  expired_at: Generated<number | null>;
  /** When the current password became current (any way: admin, change, reset). */
  password_changed_at: number;
  /** When the user last changed it themselves: the minimum password age counts from here. */
  user_changed_at: number | null;
  created_at: number;
  last_synced_at: number | null;
  last_sync_error: string | null;
  /** Moves on by one each time a new password is accepted: what a proof of the old one was made against. */
  credential_version: Generated<number>;
  /** 1: an admin account (set by `passgate users admin`): it always needs two recovery methods of different kinds. */
  is_admin: Generated<number>;
  /** How many times the person chose "remind me later" when asked to register recovery methods. */
  recovery_skips: Generated<number>;
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

/** Why a disable job blocks Microsoft 365 sign-in: an admin's suspension, an expiry, or drift detection. */
export type DisableReason = 'suspension' | 'expiry' | 'drift';

export interface OutboxJobsTable {
  id: string;
  user_id: string;
  /** Per-user order: jobs of one user apply strictly by seq. */
  seq: number;
  /** set_password: payload holds the sealed password; enable_account 1 also sets accountEnabled true in the SAME PATCH.
   * set_account_enabled: no payload; enable_account is the value to set (1 enable, 0 disable). */
  kind: 'set_password' | 'set_account_enabled';
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
  /** 1: after the password is set, revoke the user's Microsoft 365 sign-in sessions (reset links). */
  revoke_sessions: Generated<number>;
  /** set_password: 1 when the password ends an expiry (the person's own, accepted while expired, or a way back in): its completion makes an expired account active (migration 0015). */
  reactivate: Generated<number>;
  /** set_account_enabled with enable_account 0: why sign-in is blocked (migration 0016). Null for every
   * other job, and for disables queued before 0016 (whose reason is unknown). */
  disabled_for: Generated<DisableReason | null>;
  created_at: number;
  updated_at: number;
}

export interface PortalSessionsTable {
  /** sha256 of the cookie token, hex: a stolen database holds no usable session. */
  token_hash: string;
  user_id: string;
  /** set_password: an expired sign-in that may set one new password. account_pending: /account's password
   * step passed, a second factor still to prove. account: signed in to security info (/account). */
  purpose: 'set_password' | 'account_pending' | 'account';
  /** users.credential_version when the session was opened: a newer password ends the session. */
  credential_version: number;
  expires_at: number;
  created_at: number;
}

export interface LinkTokensTable {
  /** sha256 of the 256-bit token, hex. */
  token_hash: string;
  user_id: string;
  purpose: 'reset' | 'activation';
  expires_at: number;
  created_at: number;
  used_at: number | null;
  /** Set when a newer link of the same purpose is sent or the password changes any other way. */
  invalidated_at: number | null;
}

export type MailStatus = 'queued' | 'sending' | 'sent' | 'failed';

export interface MailQueueTable {
  id: string;
  user_id: string | null;
  /** reset_request is no mail yet: a reset asked for, resolved by the mail sender off the request (to_address ''). */
  kind:
    | 'reset'
    | 'activation'
    | 'expiry_warning'
    | 'suspended_notice'
    | 'reset_request'
    /** A one-time code (security info) to the work or a personal address. */
    | 'email_code'
    /** Drift: to the admin addresses (user_id NULL), and to the person when expired or blocked for it. */
    | 'drift_alert'
    | 'drift_expired'
    | 'drift_blocked'
    /** Telling a person what happened to their account (notifications/): never a password, code or link. */
    | 'security_notice';
  to_address: string;
  /** Sealed JSON {subject, text, html}; NULL once sent (a link in it must not outlive its delivery). */
  payload: Uint8Array | null;
  status: MailStatus;
  attempts: number;
  next_attempt_at: number;
  lease_until: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

export interface SchedulerLeasesTable {
  name: string;
  holder: string;
  lease_until: number;
}

export interface RemindersSentTable {
  user_id: string;
  /** UTC day, YYYY-MM-DD: the primary key (user_id, day) makes a second reminder that day impossible. */
  day: string;
  sent_at: number;
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

/** Proofs of work already accepted, kept until they expire so none is accepted twice. */
export interface UsedChallengesTable {
  /** The challenge's HMAC signature (hex): public, it was in the page; unique per challenge. */
  signature: string;
  expires_at: number;
}

export type RecoveryMethodKind = 'personal_email' | 'totp' | 'passkey';

/**
 * A person's registered ways back in (issue 13). Recovery codes are a method too, but live in their own
 * table (ten rows, each used once). Secrets are never stored readable: the TOTP secret is sealed.
 */
export interface RecoveryMethodsTable {
  id: string;
  user_id: string;
  kind: RecoveryMethodKind;
  /** What the person sees in the list; for a passkey, the name they gave it. */
  label: string;
  created_at: number;
  /** NULL while being set up (an authenticator app before its first code); the method counts only once confirmed. */
  confirmed_at: number | null;
  last_used_at: number | null;
  /** personal_email: the confirmed address (lower-cased). */
  email: string | null;
  /** totp: the base32 secret, sealed (purpose 'totp', bound to the row id). */
  totp_secret: Uint8Array | null;
  /** totp: the last time step accepted; a code of this step or an older one is refused (no replay). */
  totp_last_step: number | null;
  /** passkey: the credential id (base64url), unique across all users. */
  credential_id: string | null;
  /** passkey: the COSE public key. */
  public_key: Uint8Array | null;
  /** passkey: the authenticator's signature counter (a clone shows as a counter going backwards). */
  sign_count: number | null;
  /** passkey: JSON array of transports (usb, nfc, ble, internal, hybrid), as the browser reported them. */
  transports: string | null;
  /** Registered after proving only the password: not usable for a reset before this (ms). Null: usable. */
  usable_from: number | null;
}

/** Single-use recovery codes: ten per person, keyed hashes only (see recovery/code-hasher.ts for why not argon2). */
export interface RecoveryCodesTable {
  id: string;
  user_id: string;
  /** HMAC-SHA256 of the code under a key derived from secretKey, hex. */
  code_hash: string;
  created_at: number;
  used_at: number | null;
  /** Made after proving only the password: not usable for a reset before this (ms). Null: usable. */
  usable_from: number | null;
}

/** One-time codes mailed to an address (6 digits, 10 minutes, 5 tries): one live code per person and purpose. */
export interface EmailCodesTable {
  user_id: string;
  /** What the code is for, e.g. confirm_email, account_sign_in (later: reset, unlock). */
  purpose: string;
  /** The address the code was sent to (for confirm_email: the address being added). */
  target: string;
  /** HMAC-SHA256 of the code under a key derived from secretKey, hex. */
  code_hash: string;
  tries: number;
  expires_at: number;
  created_at: number;
  used_at: number | null;
}

/** One browser extension install as its last heartbeat described it (issue 14). */
export interface ExtensionInstallsTable {
  /** A random UUID the extension made for itself; names no person or device. */
  install_id: string;
  extension_version: string;
  browser: string;
  browser_version: string;
  platform: string;
  /** 1: the organisation's policy reached it whole (every value valid). */
  policy_applied: number;
  /** Redirects made since it was installed, by kind of page. */
  redirects_change: number;
  redirects_reset: number;
  redirects_expired: number;
  redirects_extra: number;
  first_seen_at: number;
  last_seen_at: number;
}

/**
 * Drift detection, per user: what the last sweep accepted from Microsoft 365 (so the same change is
 * never judged, nor reported, twice) and the last drift found. Times in ms; `seen_change_at` and
 * `drift_changed_at` are Microsoft's clock, the others the portal's.
 */
export interface PasswordDriftTable {
  user_id: string;
  /** lastPasswordChangeDateTime (whole seconds) as last accepted or reported. */
  seen_change_at: number | null;
  /** The portal's last password write for the user when that was judged (matches a write to L once). */
  seen_write_at: number | null;
  /** activityDateTime of the last audit record reported as drift. */
  seen_record_at: number | null;
  drift_changed_at: number | null;
  drift_detected_at: number | null;
  /** The audit activity, e.g. "Reset password (self-service)"; null when the audit log could not say. */
  drift_activity: string | null;
  /** Who, e.g. it.admin@contoso.com or "HR sync (app 0f0f…)"; null when unknown. */
  drift_actor: string | null;
  /** What the portal did: reported, expired, blocked (expired and Microsoft 365 sign-in blocked). */
  drift_action: 'reported' | 'expired' | 'blocked' | null;
  /** When the admin addresses were mailed about this drift; NULL: still to tell (the next digest does). */
  drift_alerted_at: number | null;
  /** When a drift block was queued: the person's next portal password lifts it (see blockedByDrift). */
  blocked_at: number | null;
  updated_at: number;
}

/** Drift detection, per tenant: when it last ran and how far the audit log was read. */
export interface DriftSweepsTable {
  tenant: string;
  started_at: number;
  /** started_at of the last round that went through every page (one that failed or stopped leaves it). */
  finished_at: number | null;
  /** When the last successful audit log read began (portal clock); the next one starts before it. */
  audit_read_at: number | null;
  /** 1: the last read was refused (no AuditLog.Read.All): said once in the log, not on every sweep. */
  audit_denied: Generated<number>;
}

/** The challenge of a passkey ceremony in progress: spent by the answer, whatever it is (store/port/passkeys.ts). */
export interface PasskeyChallengesTable {
  /** sha256 of what the ceremony is bound to (a session or ceremony cookie's token), hex. */
  binding_hash: string;
  /** What the ceremony is for (register, account, expired_sign_in, reset, unlock): one live challenge per purpose. */
  purpose: string;
  /** The challenge as the browser signs it (base64url of 32 random bytes): public, and good for one answer. */
  challenge: string;
  /** The person the ceremony is for, when known before it (registering, a second factor). */
  user_id: string | null;
  expires_at: number;
  created_at: number;
}

/**
 * One person's way through /reset (issue 13): what they typed and what they proved so far, found by the
 * SHA-256 of the random token in their cookie. Made for every address typed, known or not (user_id NULL),
 * so that nothing a page shows depends on the account. Short-lived; pruned once ended.
 */
export interface ResetFlowsTable {
  /** sha256 of the cookie's 256-bit token, hex. */
  token_hash: string;
  /** The address typed, normalised (an unknown one too: the rate limits and lock are keyed by it). */
  email: string;
  /** The account, or NULL for an address that has none (such a flow can never be completed). */
  user_id: string | null;
  /** users.credential_version when the flow began: a password accepted meanwhile ends it. */
  credential_version: number;
  /** How many different kinds of method this flow must prove (2 for an admin account). */
  needed: number;
  /** The kinds proven so far, comma-separated, in order (personal_email, totp, recovery_codes, passkey, work_mailbox). */
  proven: Generated<string>;
  /** Wrong codes typed in this flow: past a limit the flow ends. */
  failures: Generated<number>;
  /** Codes asked for in this flow. */
  sends: Generated<number>;
  /** The flow's mailed code (HMAC-SHA256, hex); for an account with no personal address, a code nobody was sent. */
  code_hash: string | null;
  /** Where the code went: the personal address it proves (NULL when nobody was sent one). */
  code_target: string | null;
  code_tries: Generated<number>;
  code_expires_at: number | null;
  code_used_at: number | null;
  created_at: number;
  expires_at: number;
  /** When a new password or an unlock spent the flow (it proves nothing more after). */
  used_at: number | null;
}

/** A signed-in admin console session (migration 0010); the role is worked out from config at each request. */
export interface AdminSessionsTable {
  /** Opaque id (UUID), shown in audit events and logs; never the cookie's token. */
  id: string;
  /** sha256 of the cookie's 256-bit token, hex. */
  token_hash: string;
  /** The ID token's `sub` at the identity provider. */
  subject: string;
  email: string;
  name: string;
  /** The groups claim at sign-in, JSON array of strings (roles by group are worked out from it). */
  groups: string;
  /** When the person last really authenticated at the identity provider (ID token auth_time), ms. */
  auth_time: number;
  created_at: number;
  /** Moved at each request: the idle limit counts from here. */
  last_seen_at: number;
  /** created_at + sessionMaxHours: the absolute limit. */
  expires_at: number;
}

/** Each tenant's connection as the sync worker last saw it (issue 11's overview). Times in ms. */
export interface TenantHealthTable {
  tenant: string;
  /** The last call Microsoft 365 accepted (its token too): noted at most once a minute per process. */
  last_ok_at: number | null;
  /** The last failure's code (M365Error code: AUTH_FAILED, THROTTLED …) and Microsoft's words, never a password. */
  last_error_code: string | null;
  last_error_message: string | null;
  last_error_at: number | null;
  /** Until when (epoch ms) every instance leaves the tenant alone: Microsoft's Retry-After, shared. */
  paused_until: number | null;
}

/** A pause Microsoft asked for (throttling, or an outage with Retry-After): the overview counts the last hour's. */
export interface GraphPausesTable {
  id: string;
  tenant: string;
  code: string;
  paused_at: number;
  until: number;
}

export interface Database {
  users: UsersTable;
  password_history: PasswordHistoryTable;
  pending_passwords: PendingPasswordsTable;
  outbox_jobs: OutboxJobsTable;
  audit_events: AuditEventsTable;
  counters: CountersTable;
  portal_sessions: PortalSessionsTable;
  link_tokens: LinkTokensTable;
  mail_queue: MailQueueTable;
  scheduler_leases: SchedulerLeasesTable;
  reminders_sent: RemindersSentTable;
  used_challenges: UsedChallengesTable;
  recovery_methods: RecoveryMethodsTable;
  recovery_codes: RecoveryCodesTable;
  email_codes: EmailCodesTable;
  extension_installs: ExtensionInstallsTable;
  password_drift: PasswordDriftTable;
  drift_sweeps: DriftSweepsTable;
  passkey_challenges: PasskeyChallengesTable;
  reset_flows: ResetFlowsTable;
  admin_sessions: AdminSessionsTable;
  tenant_health: TenantHealthTable;
  graph_pauses: GraphPausesTable;
}
