import type { MessageKey } from '@passgate/core/i18n';
import type { Context } from 'hono';
import type { SessionCookie } from '../http/session-cookie.js';
import type { SecurityInfoService, SignedInPerson } from '../recovery/security-info-service.js';

/** Reads the security-info cookie and asks the service whom it signs in (a pending sign-in signs in nobody yet). */
export async function signedInPerson(
  c: Context,
  security: SecurityInfoService,
  cookie: SessionCookie,
): Promise<SignedInPerson | null> {
  const token = cookie.read(c);
  if (token === null) return null;
  return security.session(token);
}

/**
 * Good news after a redirect (?done=…): a fixed message per value, so a link cannot put words on the
 * page; worded in the reader's language.
 */
export const DONE_MESSAGES: Readonly<Record<string, MessageKey>> = {
  email: 'account.done.email',
  authenticator: 'account.done.authenticator',
  passkey: 'account.done.passkey',
  passkey_renamed: 'account.done.passkeyRenamed',
  removed: 'account.done.removed',
  skipped: 'account.done.skipped',
  signed_in: 'account.done.signedIn',
};
