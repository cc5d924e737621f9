/**
 * Audit event names and shapes. The vocabulary is the one directory admins already know
 * (JumpCloud Directory Insights, see shared/reference/microsoft-365.md): `*_provision` events are
 * what Passgate did in the external directory (Microsoft 365), the others are what happened in the
 * portal itself. An event never carries a password, a hash or a sealed payload: `changes` names the
 * field only.
 */
export const AUDIT_EVENT_TYPES = [
  /** A user was added to the portal (CLI or import). */
  'user_create',
  /** An admin changed a portal-side setting of the user (e.g. never-expires); `changes` names it. */
  'user_update',
  /** Passgate changed the user in Microsoft 365; `changes` lists the fields (e.g. password, passwordPolicies). */
  'user_update_provision',
  /** Passgate changed the Microsoft 365 tenant itself (lockdown: the sign-in page's reset link); resource type tenant. */
  'tenant_update_provision',
  /** A person changed their own password (success) or was refused (failure, with the codes). */
  'user_password_change',
  /** A change was accepted and queued for Microsoft 365; the later `user_update_provision` shares its correlation id. */
  'user_password_change_request',
  /** An admin set the password (CLI). */
  'user_password_set',
  /** The password passed the policy's maximum age (scheduler) or an admin expired it. */
  'user_password_expired',
  /** A reset (or welcome) link was asked for; success false when nothing was sent (unknown, rate-limited). */
  'user_password_reset_request',
  /** A reminder that the password expires soon was queued (at most one per user per day). */
  'user_password_warning_email',
  /** Too many failed attempts: the account is locked for a while. */
  'user_lockout',
  /** A lockout ended: by time (scheduler), by a reset link, or by an admin. */
  'user_unlocked',
  /** An admin suspended the user (Microsoft 365 sign-in blocked). */
  'user_suspended',
  'user_unsuspended',
  /** The current password was checked (success or failure); failures count towards lockout. */
  'user_login_attempt',
  /** A recovery method was registered (personal e-mail, authenticator app, passkey, recovery codes); `changes` names its kind, never its secret. */
  'user_recovery_method_added',
  /** A recovery method was removed (or replaced by a newer one of the same kind). */
  'user_recovery_method_removed',
  /** A second factor was checked (success or failure), e.g. at the second step of signing in to security info. */
  'user_second_factor_attempt',
  /**
   * The password was changed in Microsoft 365 outside the portal (drift detection): `initiated_by` is who
   * did it when the directory audit log says; `changes` name when, the activity, the evidence and the action.
   */
  'user_password_drift',
  /** A passkey was used (success or failure) to sign in, as a second factor, or in a reset; `changes` names the passkey and what for, never key material. */
  'user_passkey_used',
  /**
   * Someone signed in to the admin console through the identity provider (success), or was refused
   * (failure: not in admins/helpdesk, or the answer failed a check); resource type admin, `changes` names the role.
   */
  'admin_login_attempt',
  /** An admin signed out of the console (the session row is gone). */
  'admin_logout',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface AuditChange {
  field: string;
  /** Only for non-secret fields (e.g. accountEnabled); never for passwords. */
  from?: string | boolean | number | null;
  to?: string | boolean | number | null;
}

export interface AuditActor {
  type: 'user' | 'admin' | 'system';
  id?: string;
  email?: string;
}

export interface AuditEvent {
  id: string;
  event_type: AuditEventType;
  /** RFC 3339, UTC. */
  timestamp: string;
  /** A user (id: the portal's user id, username: the e-mail), a tenant (id: its Entra tenant id, username: its name in the config), or a console admin (id: the OIDC sub, username: the e-mail). */
  resource: { type: 'user' | 'tenant' | 'admin'; id: string | null; username: string };
  changes: AuditChange[];
  initiated_by: AuditActor;
  client_ip: string | null;
  useragent: string | null;
  success: boolean;
  error_message: string | null;
  correlation: { id: string };
}
