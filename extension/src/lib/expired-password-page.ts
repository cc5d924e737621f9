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

/** The message the content script sends the worker to learn what to do on that page. */
export const EXPIRED_PASSWORD_QUERY = { type: 'passgate:expired-password-action' } as const;
