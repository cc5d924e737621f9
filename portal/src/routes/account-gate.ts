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

/** Good news after a redirect (?done=…): fixed words per key, so a link cannot put words on the page. */
export const DONE_WORDS: Record<string, string> = {
  email: 'Your personal e-mail address is added.',
  authenticator: 'Your authenticator app is added.',
  passkey: 'Your passkey is added.',
  passkey_renamed: 'Your passkey is renamed.',
  removed: 'Removed.',
  skipped: 'We will remind you next time. You can add ways to get back in here at any time.',
  signed_in: 'You are signed in.',
};
