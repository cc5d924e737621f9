/** @jsxRuntime automatic @jsxImportSource preact */
import type { Context } from 'hono';
import type { VNode } from 'preact';
import type { SessionCookie } from '../http/session-cookie.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';
import type { AcceptedOutcome } from '../views/outcome-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { PromptedOutcomePage } from '../views/prompted-outcome-page.js';

/**
 * The hook /change, /activate, /reset/confirm and the expired sign-in call once a password was accepted
 * for `email`: the page to show instead of the plain outcome when registration asks something of the
 * person (config recovery.registration), or null to show the outcome as before.
 */
export type AfterPasswordPage = (
  c: Context,
  email: string,
  outcome: AcceptedOutcome,
  recovery: boolean,
) => Promise<VNode | null>;

export function afterPasswordPage(options: {
  security: SecurityInfoService;
  frame: PageFrame;
  account: SessionCookie;
}): AfterPasswordPage {
  const { security, frame, account } = options;
  return async (c, email, outcome, recovery) => {
    const prompt = await security.afterNewPassword(email);
    if (prompt.prompt === 'none') return null;
    // With no second factor yet, the password just accepted is all /account would ask: signed in at once.
    if (prompt.prompt === 'required' && prompt.session !== null)
      account.write(c, prompt.session.token, prompt.session.expiresAt);
    return (
      <PromptedOutcomePage
        frame={frame}
        csrfToken={c.var.csrfToken}
        outcome={outcome}
        recovery={recovery}
        prompt={prompt}
      />
    );
  };
}
