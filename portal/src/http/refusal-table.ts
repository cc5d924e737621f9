import type { RefusalCode } from '@passgate/core/codes';
import { type PasswordPolicy, type ViolationCode, violationMessage } from '@passgate/core/policy';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ChangeField, FormIssueCode } from './change-fields.js';

/** Every code a person can be shown: policy violations (incl. REUSED, TOO_SOON) and the portal's refusals. */
export type PageCode = ViolationCode | RefusalCode;

export interface RefusalEntry {
  status: ContentfulStatusCode;
  /** The field the error summary links to; null when no field can fix it. */
  field: ChangeField | null;
  words: (policy: PasswordPolicy) => string;
  /** Only the organisation's support can help: the page adds its configured text and link. */
  contactSupport?: true;
}

function violation(code: ViolationCode): RefusalEntry {
  // Policy wording lives in core so the extension, the CLI and these pages say the same thing.
  return { status: 422, field: 'newPassword', words: (policy) => violationMessage(code, policy) };
}

function lockoutWait(policy: PasswordPolicy): string {
  const minutes = Math.ceil((policy.lockout?.durationSeconds ?? 900) / 60);
  return `Try again in ${minutes} minutes, or ask your IT support to unlock it.`;
}

/**
 * The one table from a code to its HTTP status and the words shown to a person (STYLE 6). Nothing
 * in the UI compares message text; a new code fails to compile until it has a row here.
 */
export const REFUSAL_TABLE: { readonly [C in PageCode]: RefusalEntry } = {
  TOO_SHORT: violation('TOO_SHORT'),
  TOO_LONG: violation('TOO_LONG'),
  MISSING_LOWERCASE: violation('MISSING_LOWERCASE'),
  MISSING_UPPERCASE: violation('MISSING_UPPERCASE'),
  MISSING_NUMBER: violation('MISSING_NUMBER'),
  MISSING_SPECIAL: violation('MISSING_SPECIAL'),
  NOT_ENOUGH_CHARACTER_KINDS: violation('NOT_ENOUGH_CHARACTER_KINDS'),
  INVALID_CHARACTER: violation('INVALID_CHARACTER'),
  CONTAINS_USERNAME: violation('CONTAINS_USERNAME'),
  COMMON_PASSWORD: violation('COMMON_PASSWORD'),
  SEQUENTIAL_OR_REPEATED: violation('SEQUENTIAL_OR_REPEATED'),
  BANNED: violation('BANNED'),
  REUSED: violation('REUSED'),
  TOO_SOON: { status: 422, field: null, words: (policy) => violationMessage('TOO_SOON', policy) },
  INVALID_CREDENTIALS: {
    // Deliberately the same words whether the e-mail or the password is wrong, or the account has no
    // password yet (pending activation): no account enumeration. The hint serves that last group.
    status: 401,
    field: 'currentPassword',
    words: () =>
      'The e-mail address or current password is not right. Check both and try again. New here? Use the link in your welcome e-mail to set your first password, or ask for a new link with "Forgot your password?".',
  },
  ACCOUNT_LOCKED: {
    status: 423,
    field: null,
    words: (policy) => `Your account is locked after too many wrong passwords. ${lockoutWait(policy)}`,
  },
  ACCOUNT_SUSPENDED: {
    status: 403,
    field: null,
    contactSupport: true,
    words: () =>
      'Your account is suspended, so its password cannot be changed or reset here. Only your IT support can reactivate it: contact them.',
  },
  RATE_LIMITED: {
    status: 429,
    field: null,
    words: () => 'There were too many attempts in a short time. Wait a few minutes, then try again.',
  },
  PASSWORDS_DO_NOT_MATCH: {
    status: 422,
    field: 'confirmPassword',
    words: () => 'The two new passwords are different. Type the same new password in both fields.',
  },
  PASSWORD_REJECTED_BY_MICROSOFT: {
    status: 422,
    field: 'newPassword',
    words: () =>
      'Microsoft 365 refused this new password (it may be too easy to guess). Nothing has changed: your current password still works. Choose a different new password.',
  },
  MICROSOFT_REFUSED_UPDATE: {
    status: 403,
    field: null,
    words: () =>
      'Microsoft 365 does not let this portal change your password. Nothing has changed: your current password still works. Contact your IT support.',
  },
  FORM_EXPIRED: {
    status: 403,
    field: null,
    words: () =>
      'This form has expired or was not sent from this site. Nothing has changed. Open the form again and resubmit it.',
  },
  UNSUPPORTED_CONTENT_TYPE: {
    status: 415,
    field: null,
    words: () =>
      'This portal only accepts forms sent from its own pages. Nothing has changed. Open the form in your browser and submit it there.',
  },
  LINK_INVALID: {
    // One answer for unknown, used, replaced and expired links: a guessed token learns nothing.
    status: 410,
    field: null,
    words: () =>
      'This link has expired or was already used. Each link works once, and using one ends the others you were sent. Request a new link.',
  },
  SESSION_EXPIRED: {
    status: 401,
    field: null,
    words: () =>
      'Your sign-in has expired, so nothing has changed. Sign in again with your current password.',
  },
  ACCOUNT_NOT_ACTIVATED: {
    status: 403,
    field: null,
    words: () =>
      'Your account has no password here yet. Use the link in your welcome e-mail to set one, or ask for a new link with "Forgot your password?".',
  },
  PASSWORD_CHANGED_MEANWHILE: {
    // Two requests proved the same password at once (a double submit, or someone else who knows it).
    status: 409,
    field: null,
    words: () =>
      'Your password was changed by another request at the same moment, so nothing from this form was saved. If that was you, use your newest password. If it was not, reset your password now and tell your IT support.',
  },
  WRONG_HOST: {
    status: 421,
    field: null,
    words: () =>
      'This address is not the password portal’s. Nothing was done. Open the portal from the link your organisation gave you.',
  },
  SAVE_FAILED: {
    // The server's condition (disk full or failing), not the request's: 503, and words that say to retry.
    status: 503,
    field: null,
    words: () =>
      'The portal could not save this because of a storage problem on its server. Nothing has changed: your password is the same as before. Try again in a few minutes. If it keeps happening, contact your IT support.',
  },
  CHALLENGE_REQUIRED: {
    // The form came without the browser's proof of work: most often JavaScript is off. Said the same
    // way whatever address was typed, so /reset still tells nobody whether an account exists.
    status: 400,
    field: null,
    words: () =>
      'This step needs JavaScript: your browser runs a short check before the form is sent, to keep automated guessing out. Nothing has changed. Turn on JavaScript for this site, reload the page and send the form again.',
  },
  CHALLENGE_FAILED: {
    status: 403,
    field: null,
    words: () =>
      'The automatic check your browser ran for this form did not pass or has expired. Nothing has changed. Send the form again: this page has started a fresh check.',
  },
  // Security info (/account) and the ways back in that use its methods. None names a field of the change
  // form: the account pages link each to their own input (views/account-problems.ts).
  CODE_INVALID: {
    status: 422,
    field: null,
    words: () => 'This code is not right. Check it and type it again.',
  },
  CODE_ALREADY_USED: {
    // A code from an authenticator app works once: a copied or replayed one must not sign anyone in.
    status: 422,
    field: null,
    words: () =>
      'This code was already used. Wait until your authenticator app shows a new code, then type that one.',
  },
  CODE_EXPIRED: {
    status: 422,
    field: null,
    words: () =>
      'This code has expired or was typed wrong too many times. Ask for a new code and use the newest one you receive.',
  },
  SETUP_EXPIRED: {
    status: 422,
    field: null,
    words: () =>
      'Adding the authenticator app took too long, so it was stopped and nothing was saved. Start adding it again.',
  },
  LAST_METHOD: {
    status: 409,
    field: null,
    words: () =>
      'This is your only way to get back into your account, so it cannot be removed. Add another way first, then remove this one.',
  },
  METHODS_BELOW_REQUIRED: {
    status: 409,
    field: null,
    words: () =>
      'Your organisation asks you to keep a number of different ways to get back in, and removing this one would leave too few. Add another kind of way first, then remove this one.',
  },
  METHOD_NOT_ALLOWED: {
    status: 403,
    field: null,
    words: () => 'Your organisation does not use this kind of way to get back in. Choose another one.',
  },
  METHOD_NOT_FOUND: {
    status: 404,
    field: null,
    words: () =>
      'This way to get back in is not registered any more (it may have been removed in another window). Nothing was changed.',
  },
  PERSONAL_EMAIL_IS_WORK: {
    status: 422,
    field: null,
    words: () =>
      'Enter a personal address outside your organisation. A code sent to your work mailbox cannot help you when you cannot sign in to it.',
  },
  // Passkeys. Whether a passkey is unknown, removed, someone else's or made for another site is one answer:
  // the words must not tell a stranger holding some passkey which accounts exist.
  PASSKEY_CHALLENGE_EXPIRED: {
    status: 422,
    field: null,
    words: () =>
      'Using the passkey took too long, or this page was already used for it. Nothing was changed. Try again.',
  },
  PASSKEY_NOT_ACCEPTED: {
    status: 401,
    field: null,
    words: () =>
      'This passkey could not be used here. It may have been removed from your security info, or made for another site. Try another passkey, or use your password or another way to get back in.',
  },
  PASSKEY_COUNTER_REGRESSED: {
    // WebAuthn §6.1.1: a signature counter that goes backwards is a sign of a cloned authenticator.
    status: 403,
    field: null,
    words: () =>
      'This passkey was refused: the device reported using it fewer times than before, which happens when a passkey has been copied. Use another way to sign in, remove this passkey from your security info and tell your IT support.',
    contactSupport: true,
  },
  PASSKEY_ALREADY_REGISTERED: {
    status: 409,
    field: null,
    words: () =>
      'This passkey is already registered. Nothing was added. To add another, use another device or security key.',
  },
  PASSKEY_LIMIT_REACHED: {
    status: 409,
    field: null,
    words: () =>
      'You have as many passkeys as you can add. Remove one you no longer use, then add the new one.',
  },
  RESET_EXPIRED: {
    // Said the same for every flow, whichever address was typed: a flow of an unknown address ends alike.
    status: 410,
    field: null,
    words: () =>
      'Your reset has expired or was already used, so nothing has changed. It lasts 20 minutes and ends when a password is set. Start again.',
  },
  RESET_LOCKED: {
    // Counted per address typed, known or not, and only from browsers that have proven nothing for it:
    // the owner's own browser, and any flow that proved another way, is never stopped by it.
    status: 423,
    field: null,
    words: () =>
      'Too many wrong authenticator codes were typed for this address, so that way is paused for 15 minutes. Use another way, or try again later.',
  },
  ADMIN_NOT_CONFIGURED: {
    status: 404,
    field: null,
    words: () =>
      'The admin console is not set up: add an admin.oidc block (issuer, clientId, clientSecret) and the admins list to the portal\'s configuration, then restart it. docs/admin.md, "Admin console sign-in", shows how for Entra ID, Okta, Keycloak and JumpCloud.',
  },
  ADMIN_SIGNIN_REQUIRED: {
    status: 401,
    field: null,
    words: () =>
      'Your console session has ended (signed out, or unused for too long), so nothing was done. Sign in again and repeat the action.',
  },
  ADMIN_ROLE_REQUIRED: {
    status: 403,
    field: null,
    words: () =>
      "Your role in this console does not include this. Ask an admin of this portal to do it, or to add you to the portal's admins list.",
  },
  ADMIN_NOT_AN_ADMIN: {
    status: 403,
    field: null,
    words: () =>
      'You signed in, but you are not an admin of this portal: your address (or group) is in neither the admins nor the helpdesk list of its configuration. Ask whoever runs the portal to add you, or sign in with another account.',
  },
  ADMIN_SIGNIN_EXPIRED: {
    status: 400,
    field: null,
    words: () =>
      'This sign-in was not started in this browser, took too long, or was already used. Nothing was done. Start signing in again.',
  },
  ADMIN_SIGNIN_FAILED: {
    status: 400,
    field: null,
    words: () =>
      "The identity provider's answer could not be trusted or was a refusal, so you are not signed in. Try again; if it keeps failing, give the reference below to whoever runs the portal (the log says which check failed).",
  },
  ADMIN_IDP_UNREACHABLE: {
    status: 503,
    field: null,
    words: () =>
      'The portal could not reach the identity provider, so you cannot sign in now. Try again in a minute; if it keeps failing, whoever runs the portal should check admin.oidc.issuer and the network between the portal and the identity provider.',
  },
};

/** Words for a form field that failed parsing; all of them are answered with 422. */
export function formIssueWords(code: FormIssueCode, field: ChangeField): string {
  switch (code) {
    case 'VALUE_MISSING':
      return MISSING_WORDS[field];
    case 'EMAIL_INVALID':
      return 'Enter an e-mail address like name@example.org.';
    case 'VALUE_TOO_LONG':
      return field === 'email' ? 'This e-mail address is too long.' : 'This password is too long.';
  }
}

const MISSING_WORDS: Record<ChangeField, string> = {
  email: 'Enter your e-mail address.',
  currentPassword: 'Enter your current password.',
  newPassword: 'Enter a new password.',
  confirmPassword: 'Enter the new password a second time.',
};

/** Outcomes that are not refusals: the status each is answered with. */
export const OUTCOME_STATUS = { applied: 200, queued: 202 } as const satisfies Record<
  string,
  ContentfulStatusCode
>;
