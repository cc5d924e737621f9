/**
 * Stable refusal codes for the portal's flows (sign-in, change, reset), shared by the portal and
 * anything that reads its answers. Policy violations have their own codes in `@passgate/core/policy`;
 * these cover what only the portal can decide. The portal maps each code to an HTTP status and
 * words in one table; nothing compares message text.
 */
export const REFUSAL_CODES = [
  /** E-mail and current password do not match an account (deliberately vague: no enumeration). */
  'INVALID_CREDENTIALS',
  /** Too many failed sign-ins: the account is locked until the lockout ends or a reset link is used. */
  'ACCOUNT_LOCKED',
  /** Suspended by an admin: only the organisation's support can lift it. */
  'ACCOUNT_SUSPENDED',
  /** Too many attempts from this client address or for this account in a short time. */
  'RATE_LIMITED',
  /** The two new-password fields differ. */
  'PASSWORDS_DO_NOT_MATCH',
  /** Microsoft 365 refused the new password (complexity or its banned-password list). */
  'PASSWORD_REJECTED_BY_MICROSOFT',
  /** Microsoft 365 does not let Passgate set this user's password (synced, federated, admin account, missing permission, unknown user). */
  'MICROSOFT_REFUSED_UPDATE',
  /** The form's CSRF token was missing or wrong (an old tab, or a forged request). */
  'FORM_EXPIRED',
  /** A request body that is not a form (JSON, text, no Content-Type): the portal only takes its own forms. */
  'UNSUPPORTED_CONTENT_TYPE',
  /** A reset or activation link that is unknown, already used, replaced by a newer one or expired. */
  'LINK_INVALID',
  /** The sign-in session (the one that may only set a new password) is unknown, used or expired. */
  'SESSION_EXPIRED',
  /** The account has no portal password yet: it must be activated from the welcome link first. */
  'ACCOUNT_NOT_ACTIVATED',
  /** Another new password was accepted while this request was checked: the proof it carried no longer holds. */
  'PASSWORD_CHANGED_MEANWHILE',
  /** The request named a host that is not the portal's public address (a misconfigured proxy, or DNS rebinding). */
  'WRONG_HOST',
  /** The portal's storage is full or failing, so nothing was saved: the server's condition, worth a retry later. */
  'SAVE_FAILED',
  /** This step asks for a proof of work (an ALTCHA challenge solved in the browser) and the form carried none. */
  'CHALLENGE_REQUIRED',
  /** The form's proof of work is malformed, forged, expired or was already used. */
  'CHALLENGE_FAILED',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];
