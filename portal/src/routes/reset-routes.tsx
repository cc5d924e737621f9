/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccountService } from '../accounts/account-service.js';
import type { ChangeField } from '../http/change-fields.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { cleanFrom, readFromParam } from '../http/read-from-param.js';
import { resetRequestFormSchema } from '../http/recovery-form-schemas.js';
import { renderPage } from '../http/render-page.js';
import { requestOrigin } from '../http/request-origin.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { ResetRequestPage } from '../views/reset-request-page.js';
import { type FormProblem, issueProblems, refusalProblems, showProblems } from './form-problems.js';

export interface ResetRoutesOptions {
  accounts: AccountService;
  policy: PasswordPolicy;
  frame: PageFrame;
  /** How long a reset link works, for the answer page's words. */
  linkMinutes: number;
  /** The proof of work every reset request carries. */
  challenges: PageChallenges;
}

const FIELDS: readonly ChangeField[] = ['email'];

/**
 * GET/POST /reset: asks for an address and always gives the same answer, so the page never says
 * whether an account exists (the service also takes the same time either way and rate-limits).
 */
export function resetRoutes(options: ResetRoutesOptions): Hono {
  const { accounts, policy, frame, challenges } = options;
  const routes = new Hono();

  const resetPage = async (
    c: Context,
    form: { from: string | null; email: string },
    problems: readonly FormProblem[],
    status: ContentfulStatusCode = 200,
  ): Promise<Response> => {
    const shown = showProblems(problems);
    const page = (
      <ResetRequestPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        from={form.from}
        email={form.email}
        errors={shown.summary}
        emailErrors={shown.byField.email}
        challenge={await challenges.forPage(c, 'reset')}
      />
    );
    return renderPage(c, page, status);
  };

  routes.get('/reset', (c) => resetPage(c, { from: readFromParam(c.req.url), email: '' }, []));

  routes.post('/reset', async (c) => {
    const form = await parseForm(c, resetRequestFormSchema, { echo: ['email', 'from'] });
    if (!form.ok) {
      // Only the shape of what was typed is judged here, never whether an account has that address.
      const echo = { from: cleanFrom(form.echo.from ?? ''), email: form.echo.email ?? '' };
      return resetPage(c, echo, issueProblems(form.issues, FIELDS), 422);
    }
    // Before the service is asked: without a valid proof of work nothing is counted, queued or mailed,
    // and the refusal is the same for every address typed.
    const refusal = await challenges.check(c, 'reset', form.data.altcha);
    if (refusal !== null) {
      const echo = { from: cleanFrom(form.data.from ?? ''), email: form.data.email };
      const { problems, status } = refusalProblems([refusal], policy);
      return resetPage(c, echo, problems, status);
    }
    await accounts.requestReset({ email: form.data.email, ...requestOrigin(c) });
    // The same bytes for every address: no e-mail echoed, nothing that depends on the account.
    const page = (
      <MessagePage
        frame={frame}
        title="Check your e-mail"
        paragraphs={[
          `If an account exists for that address, we have sent a link to it. The link works once, for ${options.linkMinutes} minutes.`,
          'No e-mail after a few minutes? Check your junk or spam folder, or ask for another link. Any link we sent you works until you use one of them.',
          'If your account is suspended, the e-mail tells you how to reach IT support instead.',
        ]}
        link={{ href: '/reset', text: 'Send another link' }}
        role="status"
      />
    );
    return renderPage(c, page);
  });

  return routes;
}
