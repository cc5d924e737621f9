import type { RefusalCode } from '@passgate/core/codes';
import type { MessageKey } from '@passgate/core/i18n';
import { type PasswordPolicy, type ViolationCode, violationWording } from '@passgate/core/policy';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Refusal } from '../accounts/account-service.js';
import type { LimitReason } from '../accounts/limit-end.js';
import type { ChangeField, FormIssueCode } from './change-fields.js';
import { currentMessages } from './request-messages.js';

/** Every code a person can be shown: policy violations (incl. REUSED, TOO_SOON) and the portal's refusals. */
export type PageCode = ViolationCode | RefusalCode;

export interface RefusalEntry {
  status: ContentfulStatusCode;
  /** The field the error summary links to; null when no field can fix it. */
  field: ChangeField | null;
  /**
   * The words in the language of the request being answered (http/request-messages.ts). `refusal` is the
   * service's refusal itself, when the page has it: what it knows beyond the code (which limit, until when).
   */
  words: (policy: PasswordPolicy, refusal?: Refusal) => string;
  /** Only the organisation's support can help: the page adds its configured text and link. */
  contactSupport?: true;
}

function violation(code: ViolationCode): RefusalEntry {
  // Which message words a violation is decided in core, so the extension, the CLI and these pages agree.
  return { status: 422, field: 'newPassword', words: (policy) => violationWords(code, policy) };
}

function violationWords(code: ViolationCode, policy: PasswordPolicy): string {
  const { key, values } = violationWording(code, policy);
  return currentMessages().t(key, values);
}

/** Each rate limit's own words (with `minutes`): what it counts, so one never passes for another. */
const LIMIT_WORDS: { readonly [R in LimitReason]: MessageKey } = {
  password_address: 'refusal.RATE_LIMITED.passwordAddress',
  password_account: 'refusal.RATE_LIMITED.passwordAccount',
  reset_address: 'refusal.RATE_LIMITED.resetAddress',
  codes_sent: 'refusal.RATE_LIMITED.codesSent',
  codes_typed: 'refusal.RATE_LIMITED.codesTyped',
};

/** The catalogue's words for a refusal code (`refusal.<CODE>`), in the request's language. */
function say(key: MessageKey): () => string {
  return () => currentMessages().t(key);
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
  TOO_SOON: { status: 422, field: null, words: (policy) => violationWords('TOO_SOON', policy) },
  INVALID_CREDENTIALS: {
    // Deliberately the same words whether the e-mail or the password is wrong, or the account has no
    // password yet (pending activation): no account enumeration. The hint serves that last group.
    status: 401,
    field: 'currentPassword',
    words: say('refusal.INVALID_CREDENTIALS'),
  },
  ACCOUNT_LOCKED: {
    status: 423,
    field: null,
    words: (policy) =>
      currentMessages().t('refusal.ACCOUNT_LOCKED', {
        minutes: Math.ceil((policy.lockout?.durationSeconds ?? 900) / 60),
      }),
  },
  ACCOUNT_SUSPENDED: {
    status: 403,
    field: null,
    contactSupport: true,
    words: say('refusal.ACCOUNT_SUSPENDED'),
  },
  RATE_LIMITED: {
    // Which window refused, in its own words, and how long until it has room (accounts/limit-end.ts); the
    // general words only where no window is known.
    status: 429,
    field: null,
    words: (_policy, refusal) => {
      const { t } = currentMessages();
      const limit = refusal?.limit;
      return limit === undefined
        ? t('refusal.RATE_LIMITED')
        : t(LIMIT_WORDS[limit.reason], { minutes: limit.minutesLeft });
    },
  },
  PASSWORDS_DO_NOT_MATCH: {
    status: 422,
    field: 'confirmPassword',
    words: say('refusal.PASSWORDS_DO_NOT_MATCH'),
  },
  PASSWORD_REJECTED_BY_MICROSOFT: {
    status: 422,
    field: 'newPassword',
    words: say('refusal.PASSWORD_REJECTED_BY_MICROSOFT'),
  },
  MICROSOFT_REFUSED_UPDATE: {
    status: 403,
    field: null,
    words: say('refusal.MICROSOFT_REFUSED_UPDATE'),
  },
  FORM_EXPIRED: {
    status: 403,
    field: null,
    words: say('refusal.FORM_EXPIRED'),
  },
  UNSUPPORTED_CONTENT_TYPE: {
    status: 415,
    field: null,
    words: say('refusal.UNSUPPORTED_CONTENT_TYPE'),
  },
  LINK_INVALID: {
    // One answer for unknown, used, replaced and expired links: a guessed token learns nothing.
    status: 410,
    field: null,
    words: say('refusal.LINK_INVALID'),
  },
  SESSION_EXPIRED: {
    status: 401,
    field: null,
    words: say('refusal.SESSION_EXPIRED'),
  },
  ACCOUNT_NOT_ACTIVATED: {
    status: 403,
    field: null,
    words: say('refusal.ACCOUNT_NOT_ACTIVATED'),
  },
  PASSWORD_CHANGED_MEANWHILE: {
    // Two requests proved the same password at once (a double submit, or someone else who knows it).
    status: 409,
    field: null,
    words: say('refusal.PASSWORD_CHANGED_MEANWHILE'),
  },
  WRONG_HOST: {
    status: 421,
    field: null,
    words: say('refusal.WRONG_HOST'),
  },
  SAVE_FAILED: {
    // The server's condition (disk full or failing), not the request's: 503, and words that say to retry.
    status: 503,
    field: null,
    words: say('refusal.SAVE_FAILED'),
  },
  CHALLENGE_REQUIRED: {
    // The form came without the browser's proof of work: most often JavaScript is off. Said the same
    // way whatever address was typed, so /reset still tells nobody whether an account exists.
    status: 400,
    field: null,
    words: say('refusal.CHALLENGE_REQUIRED'),
  },
  CHALLENGE_FAILED: {
    status: 403,
    field: null,
    words: say('refusal.CHALLENGE_FAILED'),
  },
  // Security info (/account) and the ways back in that use its methods. None names a field of the change
  // form: the account pages link each to their own input (views/account-problems.ts).
  CODE_INVALID: {
    status: 422,
    field: null,
    words: say('refusal.CODE_INVALID'),
  },
  CODE_ALREADY_USED: {
    // A code from an authenticator app works once: a copied or replayed one must not sign anyone in.
    status: 422,
    field: null,
    words: say('refusal.CODE_ALREADY_USED'),
  },
  CODE_EXPIRED: {
    status: 422,
    field: null,
    words: say('refusal.CODE_EXPIRED'),
  },
  SETUP_EXPIRED: {
    status: 422,
    field: null,
    words: say('refusal.SETUP_EXPIRED'),
  },
  LAST_METHOD: {
    status: 409,
    field: null,
    words: say('refusal.LAST_METHOD'),
  },
  METHODS_BELOW_REQUIRED: {
    status: 409,
    field: null,
    words: say('refusal.METHODS_BELOW_REQUIRED'),
  },
  METHOD_NOT_ALLOWED: {
    status: 403,
    field: null,
    words: say('refusal.METHOD_NOT_ALLOWED'),
  },
  METHOD_NOT_FOUND: {
    status: 404,
    field: null,
    words: say('refusal.METHOD_NOT_FOUND'),
  },
  PERSONAL_EMAIL_IS_WORK: {
    status: 422,
    field: null,
    words: say('refusal.PERSONAL_EMAIL_IS_WORK'),
  },
  // Passkeys. Whether a passkey is unknown, removed, someone else's or made for another site is one answer:
  // the words must not tell a stranger holding some passkey which accounts exist.
  PASSKEY_CHALLENGE_EXPIRED: {
    status: 422,
    field: null,
    words: say('refusal.PASSKEY_CHALLENGE_EXPIRED'),
  },
  PASSKEY_NOT_ACCEPTED: {
    status: 401,
    field: null,
    words: say('refusal.PASSKEY_NOT_ACCEPTED'),
  },
  PASSKEY_COUNTER_REGRESSED: {
    // WebAuthn §6.1.1: a signature counter that goes backwards is a sign of a cloned authenticator.
    status: 403,
    field: null,
    words: say('refusal.PASSKEY_COUNTER_REGRESSED'),
    contactSupport: true,
  },
  PASSKEY_ALREADY_REGISTERED: {
    status: 409,
    field: null,
    words: say('refusal.PASSKEY_ALREADY_REGISTERED'),
  },
  PASSKEY_LIMIT_REACHED: {
    status: 409,
    field: null,
    words: say('refusal.PASSKEY_LIMIT_REACHED'),
  },
  RESET_EXPIRED: {
    // Said the same for every flow, whichever address was typed: a flow of an unknown address ends alike.
    status: 410,
    field: null,
    words: say('refusal.RESET_EXPIRED'),
  },
  RESET_LOCKED: {
    // Counted per address typed, known or not, and per kind of code, on separate locks for strangers, for
    // browsers with a device cookie and for flows that proved another way (reset-limits.ts guessLocks):
    // strangers filling theirs never stop the owner's own browser, nor a flow that proved another way.
    status: 423,
    field: null,
    words: say('refusal.RESET_LOCKED'),
  },
  SECOND_FACTOR_LOCKED: {
    // Only after the password was right: saying the account is locked gives nothing away.
    status: 423,
    field: null,
    words: say('refusal.SECOND_FACTOR_LOCKED'),
  },
  // The admin console's refusals speak to admins: their words are the catalogue's `console.refusal.*`.
  ADMIN_NOT_CONFIGURED: { status: 404, field: null, words: say('console.refusal.ADMIN_NOT_CONFIGURED') },
  ADMIN_SIGNIN_REQUIRED: { status: 401, field: null, words: say('console.refusal.ADMIN_SIGNIN_REQUIRED') },
  ADMIN_ROLE_REQUIRED: { status: 403, field: null, words: say('console.refusal.ADMIN_ROLE_REQUIRED') },
  ADMIN_NOT_AN_ADMIN: { status: 403, field: null, words: say('console.refusal.ADMIN_NOT_AN_ADMIN') },
  ADMIN_SIGNIN_EXPIRED: { status: 400, field: null, words: say('console.refusal.ADMIN_SIGNIN_EXPIRED') },
  ADMIN_SIGNIN_FAILED: { status: 400, field: null, words: say('console.refusal.ADMIN_SIGNIN_FAILED') },
  ADMIN_IDP_UNREACHABLE: { status: 503, field: null, words: say('console.refusal.ADMIN_IDP_UNREACHABLE') },
  ADMIN_IDP_MISCONFIGURED: {
    // The server's settings, not the request: 503 as for an unreachable provider (404 is kept for a console
    // with no identity provider at all, where nothing under /admin exists yet).
    status: 503,
    field: null,
    words: say('console.refusal.ADMIN_IDP_MISCONFIGURED'),
  },
};

/** Words for a form field that failed parsing; all of them are answered with 422. */
export function formIssueWords(code: FormIssueCode, field: ChangeField): string {
  const { t } = currentMessages();
  switch (code) {
    case 'VALUE_MISSING':
      return t(`form.missing.${field}`);
    case 'EMAIL_INVALID':
      return t('form.emailInvalid');
    case 'VALUE_TOO_LONG':
      return t(field === 'email' ? 'form.emailTooLong' : 'form.passwordTooLong');
  }
}

/** Outcomes that are not refusals: the status each is answered with. */
export const OUTCOME_STATUS = { applied: 200, queued: 202 } as const satisfies Record<
  string,
  ContentfulStatusCode
>;
