/** @jsxRuntime automatic @jsxImportSource preact */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { PageChallenges } from '../http/page-challenges.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';
import { AccountSignInPage } from '../views/account-signin-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { type FormProblem, showProblems } from './form-problems.js';

/** Why a person is asked to sign in to security info again, in the request's language. */
export function sessionEnded(): string {
  return currentMessages().t('account.sessionEnded');
}

/** Answers every security-info route may give: the sign-in page, and the answer to a form sent without a session. */
export interface AccountResponses {
  signInPage(
    c: Context,
    email: string,
    problems: readonly FormProblem[],
    status?: ContentfulStatusCode,
    notice?: string | null,
  ): Promise<Response>;
  /**
   * A form sent without a signed-in session: nothing was done. Halfway through signing in (the second
   * factor still to come) the person is sent back to that step; otherwise the session ended: sign in again.
   */
  ended(c: Context): Promise<Response>;
}

export function accountResponses(options: {
  security: SecurityInfoService;
  frame: PageFrame;
  account: SessionCookie;
  /** The proof of work /signin asks of a client address that keeps typing wrong passwords: asked here too. */
  challenges: PageChallenges;
}): AccountResponses {
  const { security, frame, account, challenges } = options;
  const signInPage: AccountResponses['signInPage'] = async (
    c,
    email,
    problems,
    status = 200,
    notice = null,
  ) => {
    const shown = showProblems(problems);
    const page = (
      <AccountSignInPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        email={email}
        errors={shown.summary}
        emailErrors={shown.byField.email}
        passwordErrors={shown.byField.currentPassword}
        contactSupport={shown.contactSupport}
        notice={notice}
        challenge={await challenges.forPage(c, 'password')}
      />
    );
    return renderPage(c, page, status);
  };
  return {
    signInPage,
    async ended(c) {
      const token = account.read(c);
      if (token !== null && (await security.pendingSignIn(token)) !== null)
        return c.redirect('/account/verify', 303);
      account.clear(c);
      return signInPage(c, '', [], REFUSAL_TABLE.SESSION_EXPIRED.status, sessionEnded());
    },
  };
}
