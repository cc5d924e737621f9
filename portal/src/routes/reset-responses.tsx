/** @jsxRuntime automatic @jsxImportSource preact */
import type { RefusalCode } from '@passgate/core/codes';
import type { PasswordPolicy } from '@passgate/core/policy';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import type { SessionCookie } from '../http/session-cookie.js';
import { EMAIL_CODE_MINUTES } from '../recovery/email-codes.js';
import type { ResetFactor, ResetFlowService } from '../reset/reset-flow-service.js';
import type { AccountProblem } from '../views/account-problems.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { RESET_FACTOR_FIELDS, ResetVerifyPage } from '../views/reset-verify-page.js';
import { type RecoveryRefusal, refusalOf, refusalProblem } from './account-refusals.js';
import { suspendedResponse } from './suspended-response.js';

/** The pages every step of /reset may answer with. */
export interface ResetResponses {
  /** No live flow behind the cookie (never was, expired, spent): start again. */
  expired(c: Context): Response;
  /** /reset/verify, with problems (linked to a factor's input) or good news; redirects once complete. */
  verifyPage(
    c: Context,
    token: string,
    problems: readonly AccountProblem[],
    status?: ContentfulStatusCode,
    notice?: string | null,
  ): Promise<Response>;
  /** A refusal on /reset/verify, linked to the factor's input where typing again fixes it. */
  refused(
    c: Context,
    token: string,
    refusal: RefusalCode | RecoveryRefusal,
    factor: ResetFactor | null,
  ): Promise<Response>;
  /** The account was suspended: said only to someone who proved it is theirs. */
  suspended(c: Context): Response;
}

export function resetResponses(options: {
  resets: ResetFlowService;
  policy: PasswordPolicy;
  frame: PageFrame;
  flowCookie: SessionCookie;
}): ResetResponses {
  const { resets, policy, frame, flowCookie } = options;

  const expired = (c: Context): Response => {
    flowCookie.clear(c);
    const entry = REFUSAL_TABLE.RESET_EXPIRED;
    const page = (
      <MessagePage
        frame={frame}
        title={currentMessages().t('reset.expiredTitle')}
        paragraphs={[entry.words(policy)]}
        link={{ href: '/reset', text: currentMessages().t('reset.startAgain') }}
        role="alert"
      />
    );
    return renderPage(c, page, entry.status);
  };

  const verifyPage: ResetResponses['verifyPage'] = async (
    c,
    token,
    problems,
    status = 200,
    notice = null,
  ) => {
    const view = await resets.view(token);
    if (view === null) return expired(c);
    if (view.complete) return c.redirect('/reset/new-password', 303);
    const page = (
      <ResetVerifyPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        view={view}
        problems={problems}
        status={notice}
        codeMinutes={EMAIL_CODE_MINUTES}
      />
    );
    return renderPage(c, page, status);
  };

  return {
    expired,
    verifyPage,
    async refused(c, token, refusal, factor) {
      if (refusalOf(refusal).code === 'RESET_EXPIRED') return expired(c);
      const { problems, status } = refusalProblem(
        refusal,
        factor === null ? null : RESET_FACTOR_FIELDS[factor],
        policy,
      );
      return verifyPage(c, token, problems, status);
    },
    suspended(c) {
      return suspendedResponse(c, frame, policy);
    },
  };
}
