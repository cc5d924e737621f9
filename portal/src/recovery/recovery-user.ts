/** The person a recovery function acts for (a users row, or the part of one it needs). */
export interface RecoveryUser {
  id: string;
  /** The work address: the audit names the person by it, and the authenticator app labels the account with it. */
  email: string;
  display_name: string | null;
}

/** Who asked, for the audit log (absent when the portal itself acts, e.g. the demo seeding). */
export interface RecoveryOrigin {
  clientIp: string;
  userAgent: string;
}
