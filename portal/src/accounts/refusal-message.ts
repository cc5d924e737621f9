import type { RefusalCode } from '@passgate/core/codes';

/** Plain-English defaults for the portal's own refusals; the web layer may reword by code. */
const MESSAGES: Record<RefusalCode, string> = {
  INVALID_CREDENTIALS:
    'The e-mail address or current password is not right. New here? Use the link in your welcome e-mail, or ask for a new one on the reset page.',
  ACCOUNT_LOCKED:
    'Too many wrong passwords: this account is locked for a while. Try again later or ask for a reset link.',
  ACCOUNT_SUSPENDED: 'This account is suspended. Please contact your organisation’s support.',
  RATE_LIMITED: 'Too many attempts in a short time. Wait a few minutes and try again.',
  PASSWORDS_DO_NOT_MATCH: 'The two new passwords are not the same.',
  PASSWORD_REJECTED_BY_MICROSOFT:
    'Microsoft 365 did not accept this password (it may be on its list of banned passwords). Nothing was changed: choose another one.',
  MICROSOFT_REFUSED_UPDATE:
    'Microsoft 365 does not let this portal change your password. Nothing was changed. Please contact your organisation’s support.',
  FORM_EXPIRED: 'This form has expired. Reload the page and try again.',
  UNSUPPORTED_CONTENT_TYPE:
    'Only forms sent from the portal’s own pages are accepted. Submit the form there.',
  LINK_INVALID:
    'This link is no longer valid: it or another link you were sent was already used, or it expired. Ask for a new one.',
  SESSION_EXPIRED: 'Your sign-in has expired. Sign in again with your current password.',
  ACCOUNT_NOT_ACTIVATED:
    'This account is not activated yet. Use the link in your welcome e-mail, or ask for a new one on the reset page.',
  PASSWORD_CHANGED_MEANWHILE:
    'The password was changed by another request at the same moment, so nothing from this one was saved.',
  WRONG_HOST: 'This is not the password portal’s address. Open the portal from its usual address.',
  SAVE_FAILED:
    'The portal could not save this because of a storage problem on its server. Nothing was changed. Try again in a few minutes.',
};

export function refusalMessage(code: RefusalCode): string {
  return MESSAGES[code];
}
