import type { Context } from 'hono';
import type { OutcomePrompt } from '../http/journey-end.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';

/**
 * The hook /change, /activate, /reset/confirm and the expired sign-in call once a password was accepted
 * for `email` at credential `version`: what registration asks of the person (config
 * recovery.registration), for the outcome page to show, or null to show the outcome alone. Called by the
 * POST, so a security-info session it opens is set once, in the answer that redirects to the outcome
 * page (which only reads what is asked).
 */
export type AfterPasswordPage = (c: Context, email: string, version: number) => Promise<OutcomePrompt | null>;

export function afterPasswordPage(options: {
  security: SecurityInfoService;
  account: SessionCookie;
}): AfterPasswordPage {
  const { security, account } = options;
  return async (c, email, version) => {
    const prompt = await security.afterNewPassword(email, version);
    if (prompt.prompt === 'none') return null;
    if (prompt.prompt === 'offer') return { prompt: 'offer' };
    // With no second factor yet, the password just accepted is all /account would ask: signed in at once.
    if (prompt.session !== null) account.write(c, prompt.session.token, prompt.session.expiresAt);
    return { prompt: 'required', skipsLeft: prompt.skipsLeft, signedIn: prompt.session !== null };
  };
}
