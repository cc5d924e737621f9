/**
 * Microsoft's PageID for the expired-password page. Kept here as a literal (a test checks it
 * against `passwordPages` in core) so the content script, which runs on every sign-in page,
 * does not pull in core and its zod schemas.
 */
export const EXPIRED_PASSWORD_PAGE_ID = 'ConvergedChangePassword';

/** True when the document's `<meta name="PageID">` names Microsoft's expired-password page. */
export function isExpiredPasswordPage(doc: Pick<Document, 'querySelector'>): boolean {
  const meta = doc.querySelector('meta[name="PageID" i]');
  return meta !== null && meta.getAttribute('content') === EXPIRED_PASSWORD_PAGE_ID;
}

/** Longer than any user principal name (113 characters); anything longer is not an account. */
const MAX_ACCOUNT_LENGTH = 256;

/**
 * The account the page is for, as Microsoft's sign-in pages show it above the form (the
 * `#displayName` element of their identity banner; taken from the public page, not documented
 * by Microsoft), or undefined when none is shown.
 */
export function shownAccount(doc: Pick<Document, 'querySelector'>): string | undefined {
  const text = doc.querySelector('#displayName')?.textContent?.trim() ?? '';
  return text === '' || text.length > MAX_ACCOUNT_LENGTH ? undefined : text;
}

export const EXPIRED_PASSWORD_QUERY_TYPE = 'passgate:expired-password-action';

/** What the content script asks the worker on that page. */
export interface ExpiredPasswordQuery {
  type: typeof EXPIRED_PASSWORD_QUERY_TYPE;
  account?: string;
}

export function expiredPasswordQuery(account: string | undefined): ExpiredPasswordQuery {
  return account === undefined
    ? { type: EXPIRED_PASSWORD_QUERY_TYPE }
    : { type: EXPIRED_PASSWORD_QUERY_TYPE, account };
}
