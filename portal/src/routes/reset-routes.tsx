/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccountService } from '../accounts/account-service.js';
import type { ChangeField } from '../http/change-fields.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { cleanFrom, readFromParam } from '../http/read-from-param.js';
import { resetRequestFormSchema } from '../http/recovery-form-schemas.js';
import { renderPage } from '../http/render-page.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { ResetFlowService } from '../reset/reset-flow-service.js';
import type { PageFrame } from '../views/page-frame.js';
import { ResetRequestPage } from '../views/reset-request-page.js';
import type { AfterPasswordPage } from './account-prompt.js';
import { refusalOf } from './account-refusals.js';
import { type FormProblem, issueProblems, refusalProblems, showProblems } from './form-problems.js';
import type { NewPasswordPageBuilder } from './new-password-page-model.js';
import { resetFinishRoutes } from './reset-finish-routes.js';
import { resetResponses } from './reset-responses.js';
import { resetVerifyRoutes } from './reset-verify-routes.js';

export interface ResetRoutesOptions {
  accounts: AccountService;
  resets: ResetFlowService;
  policy: PasswordPolicy;
  frame: PageFrame;
  /** How long a reset link works, for the answer page's words. */
  linkMinutes: number;
  /** The proof of work every reset begins with. */
  challenges: PageChallenges;
  /** The reset flow's cookie (pg_reset). */
  flowCookie: SessionCookie;
  device: DeviceCookie;
  newPasswordPage: NewPasswordPageBuilder;
  afterPassword?: AfterPasswordPage | undefined;
}

const FIELDS: readonly ChangeField[] = ['email'];
const prefillFormSchema = resetRequestFormSchema.pick({ email: true });

/**
 * GET/POST /reset: the address, then the flow (reset-verify-routes, reset-finish-routes). Every address
 * typed starts a flow and is sent on to the same next page: nothing here says whether an account exists.
 */
export function resetRoutes(options: ResetRoutesOptions): Hono {
  const { resets, policy, frame, challenges, flowCookie } = options;
  const routes = new Hono();
  const responses = resetResponses({ resets, policy, frame, flowCookie });

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

  // The locked page's way here: the address it was typed with comes in a form post (never in a URL, where
  // logs and history would keep it) and only fills in the field. Nothing starts, nothing is counted.
  routes.post('/reset/prefill', async (c) => {
    const form = await parseForm(c, prefillFormSchema, { echo: [] });
    return resetPage(c, { from: null, email: form.ok ? form.data.email : '' }, []);
  });

  routes.post('/reset', async (c) => {
    const form = await parseForm(c, resetRequestFormSchema, { echo: ['email', 'from'] });
    if (!form.ok) {
      // Only the shape of what was typed is judged here, never whether an account has that address.
      const echo = { from: cleanFrom(form.echo.from ?? ''), email: form.echo.email ?? '' };
      return resetPage(c, echo, issueProblems(form.issues, FIELDS), 422);
    }
    const echo = { from: cleanFrom(form.data.from ?? ''), email: form.data.email };
    // Before the service is asked: without a valid proof of work no flow begins and nothing is counted,
    // and the refusal is the same for every address typed.
    const refusal = await challenges.check(c, 'reset', form.data.altcha);
    if (refusal !== null) {
      const { problems, status } = refusalProblems([refusal], policy);
      return resetPage(c, echo, problems, status);
    }
    const started = await resets.start({ email: form.data.email, ...requestOrigin(c) });
    if (started.status === 'refused') {
      const { problems, status } = refusalProblems([refusalOf(started)], policy);
      return resetPage(c, echo, problems, status);
    }
    // A flow begun earlier in this browser ends: one address at a time.
    const earlier = flowCookie.read(c);
    if (earlier !== null) await resets.end(earlier);
    flowCookie.write(c, started.grant.token, started.grant.expiresAt);
    // Where "Back to where you were" on /reset/done leads: kept sealed in a cookie, never in the next URLs.
    c.var.journeyEnd.keep(c, 'reset', echo.from);
    return c.redirect('/reset/verify', 303);
  });

  routes.route('/', resetVerifyRoutes({ ...options, responses }));
  routes.route('/', resetFinishRoutes({ ...options, responses }));
  return routes;
}
