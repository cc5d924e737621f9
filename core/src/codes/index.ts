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
  /** A code (authenticator app, recovery code, e-mail code) that is not right. */
  'CODE_INVALID',
  /** An authenticator code whose time step was already accepted once (a replay, or the same code typed twice). */
  'CODE_ALREADY_USED',
  /** An e-mail code that expired, was used, or was tried too many times: a new one must be asked for. */
  'CODE_EXPIRED',
  /** Adding an authenticator app was not started, or started too long ago: it must be started again. */
  'SETUP_EXPIRED',
  /** Removing this recovery method would leave the person with none. */
  'LAST_METHOD',
  /** Removing this recovery method would leave fewer kinds than the organisation's policy requires. */
  'METHODS_BELOW_REQUIRED',
  /** The organisation's policy does not allow this kind of recovery method. */
  'METHOD_NOT_ALLOWED',
  /** The recovery method is not (or no longer) registered for this person. */
  'METHOD_NOT_FOUND',
  /** A "personal" address in one of the organisation's own domains: it would not help when Microsoft 365 is out of reach. */
  'PERSONAL_EMAIL_IS_WORK',
  /** A passkey ceremony whose challenge expired, was already used, or was never issued to this browser: start it again. */
  'PASSKEY_CHALLENGE_EXPIRED',
  /** The browser's passkey answer did not prove anything here (unknown or removed passkey, another person's, another site's, no user verification, a bad signature). */
  'PASSKEY_NOT_ACCEPTED',
  /** The passkey's signature counter went backwards: a sign that it was copied. It is refused until the person removes or re-adds it. */
  'PASSKEY_COUNTER_REGRESSED',
  /** The passkey is already registered (to this person or to someone else). */
  'PASSKEY_ALREADY_REGISTERED',
  /** The person has as many passkeys as the portal keeps (remove one to add another). */
  'PASSKEY_LIMIT_REACHED',
  /** The reset flow (/reset) is unknown, expired, already used, or ended by a password accepted meanwhile. */
  'RESET_EXPIRED',
  /** Too many wrong codes of one kind (the authenticator's, mailed ones) for the address typed: that way rests on /reset for a while. */
  'RESET_LOCKED',
  /** Too many wrong second factors in a row at security info's sign-in: locked until an unlock. */
  'SECOND_FACTOR_LOCKED',
  /** The admin console has no identity provider configured (admin.oidc): nothing under /admin works until it has. */
  'ADMIN_NOT_CONFIGURED',
  /** A console request without a signed-in admin (a form sent after the session ended). */
  'ADMIN_SIGNIN_REQUIRED',
  /** The signed-in admin's role does not include this page or action (helpdesk asking for an admin's). */
  'ADMIN_ROLE_REQUIRED',
  /** The identity provider said who this is, and they are in neither `admins` nor `helpdesk`. */
  'ADMIN_NOT_AN_ADMIN',
  /** The sign-in's answer did not come from this browser's sign-in (no or another state), or it was used already. */
  'ADMIN_SIGNIN_EXPIRED',
  /** The identity provider's answer failed a check (signature, issuer, audience, expiry, nonce, PKCE) or it refused. */
  'ADMIN_SIGNIN_FAILED',
  /** The identity provider could not be reached, or its discovery document is unusable (but see ADMIN_IDP_MISCONFIGURED). */
  'ADMIN_IDP_UNREACHABLE',
  /** The identity provider answered, but its discovery document names another issuer than admin.oidc.issuer (beyond a final slash). */
  'ADMIN_IDP_MISCONFIGURED',
] as const;

export type RefusalCode = (typeof REFUSAL_CODES)[number];
