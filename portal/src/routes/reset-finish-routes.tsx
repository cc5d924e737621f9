/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { AccountService, LockEnd } from '../accounts/account-service.js';
import type { ChangeField } from '../http/change-fields.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import { parseForm } from '../http/parse-form.js';
import { newPasswordFormSchema } from '../http/recovery-form-schemas.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { ResetFlowService } from '../reset/reset-flow-service.js';
import { MessagePage } from '../views/message-page.js';
import { NextSteps } from '../views/next-steps.js';
import type { PageFrame } from '../views/page-frame.js';
import { ResetLinkPage } from '../views/reset-link-page.js';
import { ResetUnlockSection } from '../views/reset-unlock-section.js';
import type { AfterPasswordPage } from './account-prompt.js';
import { type FormProblem, issueProblems, refusalProblems } from './form-problems.js';
import type { NewPasswordPageBuilder } from './new-password-page-model.js';
import type { ResetResponses } from './reset-responses.js';

export interface ResetFinishRoutesOptions {
  accounts: AccountService;
  resets: ResetFlowService;
  policy: PasswordPolicy;
  frame: PageFrame;
  flowCookie: SessionCookie;
  device: DeviceCookie;
  newPasswordPage: NewPasswordPageBuilder;
  responses: ResetResponses;
  afterPassword?: AfterPasswordPage | undefined;
}

const FIELDS: readonly ChangeField[] = ['newPassword', 'confirmPassword'];
const linkFormSchema = z.object({ token: z.string().min(1).max(200) });

/**
 * The last step of /reset, for a flow that proved enough: a new password (/reset/new-password) or, for a
 * locked account, unlocking it and keeping the password (/reset/unlock). And the way a reset link of an
 * account that needs two kinds leads into the flow (/reset/confirm, /reset/confirm/continue).
 */
export function resetFinishRoutes(options: ResetFinishRoutesOptions): Hono {
  const { accounts, resets, policy, frame, flowCookie, device, newPasswordPage, responses, afterPassword } =
    options;
  const routes = new Hono();

  /** The flow's last step, or the page to answer instead (expired, back to proving, suspended). */
  const finishOr = async (c: Context) => {
    const token = flowCookie.read(c);
    if (token === null) return { response: responses.expired(c) } as const;
    const finish = await resets.finish(token);
    if (finish === null) {
      const view = await resets.view(token);
      return { response: view === null ? responses.expired(c) : c.redirect('/reset/verify', 303) } as const;
    }
    if (finish.status === 'suspended') return { response: responses.suspended(c) } as const;
    return { token, finish } as const;
  };

  const passwordPage = async (
    c: Context,
    finish: { email: string; displayName: string | null; locked: boolean; lockEnd: LockEnd | null },
    problems: readonly FormProblem[],
    status: ContentfulStatusCode = 200,
  ): Promise<Response> => {
    const page = newPasswordPage({
      kind: 'reset_flow',
      csrfToken: c.var.csrfToken,
      token: null,
      email: finish.email,
      displayName: finish.displayName,
      context: await accounts.passwordContextFor(finish.email),
      passwordsOnRecord: await accounts.passwordsOnRecord(finish.email),
      problems,
      after: finish.locked ? (
        <ResetUnlockSection csrfToken={c.var.csrfToken} lockEnd={finish.lockEnd} />
      ) : null,
    });
    return renderPage(c, page, status);
  };

  routes.get('/reset/new-password', async (c) => {
    const step = await finishOr(c);
    return 'response' in step ? step.response : passwordPage(c, step.finish, []);
  });

  routes.post('/reset/new-password', async (c) => {
    const step = await finishOr(c);
    if ('response' in step) return step.response;
    const { token, finish } = step;
    const form = await parseForm(c, newPasswordFormSchema, { echo: [] });
    if (!form.ok) return passwordPage(c, finish, issueProblems(form.issues, FIELDS), 422);
    const { newPassword, confirmPassword } = form.data;
    if (newPassword !== confirmPassword)
      return passwordPage(c, finish, refusalProblems(['PASSWORDS_DO_NOT_MATCH'], policy).problems, 422);
    const outcome = await resets.setPassword({ token, newPassword, ...requestOrigin(c) });
    if (outcome.status === 'refused') {
      const codes = outcome.refusals.map((refusal) => refusal.code);
      if (codes.includes('RESET_EXPIRED')) return responses.expired(c);
      if (codes.includes('ACCOUNT_SUSPENDED')) return responses.suspended(c);
      const { problems, status } = refusalProblems(codes, policy);
      return passwordPage(c, finish, problems, status);
    }
    flowCookie.clear(c);
    // At the version the new password moved the account to: this browser keeps its standing.
    device.remember(c, finish.email, outcome.version);
    const prompt = (await afterPassword?.(c, finish.email, outcome.version)) ?? null;
    // 303 to the outcome's own page (link-routes.tsx serves it, shared with the reset link's): a reload shows it and posts nothing.
    const back = c.var.journeyEnd.take(c, 'reset');
    return c.var.journeyEnd.finish(c, 'reset', finish.email, { outcome, back, prompt });
  });

  routes.post('/reset/unlock', async (c) => {
    const step = await finishOr(c);
    if ('response' in step) return step.response;
    const unlocked = await resets.unlock(step.token, requestOrigin(c));
    const { t } = currentMessages();
    if (unlocked.status === 'refused') {
      if (unlocked.code === 'ACCOUNT_SUSPENDED') return responses.suspended(c);
      return responses.expired(c);
    }
    if (!unlocked.wasLocked) {
      // The lock ended meanwhile (its time ran out): the flow is kept, a new password can still be set.
      const page = (
        <MessagePage
          frame={frame}
          title={t('unlock.notLockedTitle')}
          paragraphs={[t('unlock.notLockedText')]}
          link={{ href: '/reset/new-password', text: t('unlock.chooseInstead') }}
          role="status"
        />
      );
      return renderPage(c, page);
    }
    flowCookie.clear(c);
    // The reset journey ends here too: "Back to where you were", kept since /reset (journey-back.ts).
    const back = c.var.journeyEnd.take(c, 'reset');
    const page = (
      <MessagePage
        frame={frame}
        title={t('unlock.doneTitle')}
        paragraphs={[t('unlock.doneText'), t('unlock.doneNotice')]}
        link={{ href: '/change', text: t('unlock.changeLink') }}
        role="status"
        after={<NextSteps signInUrl={null} back={back} />}
      />
    );
    return renderPage(c, page);
  });

  // Ahead of the reset link's own page (link-routes.tsx): the link of an account that needs two kinds
  // leads on to the flow instead of the new-password form. Any other link goes on to that page.
  routes.get('/reset/confirm', async (c, next) => {
    const token = c.req.query('token') ?? '';
    if (token === '' || token.length > 200 || !(await resets.linkNeedsMore(token))) return next();
    return renderPage(c, <ResetLinkPage frame={frame} csrfToken={c.var.csrfToken} token={token} />);
  });

  routes.post('/reset/confirm/continue', async (c) => {
    const form = await parseForm(c, linkFormSchema, { echo: [] });
    const grant = form.ok ? await resets.continueFromLink(form.data.token, flowCookie.read(c)) : null;
    if (grant === null) {
      const entry = REFUSAL_TABLE.LINK_INVALID;
      const page = (
        <MessagePage
          frame={frame}
          title={currentMessages().t('link.invalidTitle')}
          paragraphs={[entry.words(policy)]}
          link={{ href: '/reset', text: currentMessages().t('reset.startAgain') }}
          role="alert"
        />
      );
      return renderPage(c, page, entry.status);
    }
    flowCookie.write(c, grant.token, grant.expiresAt);
    // A flow begun from a mailed link came from no Microsoft page: an earlier journey's way back is dropped.
    c.var.journeyEnd.keep(c, 'reset', null);
    return c.redirect('/reset/verify', 303);
  });

  return routes;
}
