/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccountService } from '../accounts/account-service.js';
import type { ChangeField } from '../http/change-fields.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import { JOURNEY_DONE_PATHS } from '../http/journey-end.js';
import { microsoftReturnAddress } from '../http/microsoft-return.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { readFromParam } from '../http/read-from-param.js';
import { newPasswordFormSchema } from '../http/recovery-form-schemas.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { PasswordStillValidPage } from '../views/password-still-valid-page.js';
import { SignInPage } from '../views/signin-page.js';
import type { AfterPasswordPage } from './account-prompt.js';
import { type FormProblem, issueProblems, refusalProblems, showProblems } from './form-problems.js';
import { journeyDonePage } from './journey-done-page.js';
import { lockedResponse } from './locked-response.js';
import type { NewPasswordPageBuilder } from './new-password-page-model.js';
import { passwordSignIn, type SignInEcho } from './password-sign-in.js';

export interface SignInRoutesOptions {
  accounts: AccountService;
  policy: PasswordPolicy;
  frame: PageFrame;
  session: SessionCookie;
  newPasswordPage: NewPasswordPageBuilder;
  device: DeviceCookie;
  /** The proof of work asked of a client address that has typed many wrong passwords. */
  challenges: PageChallenges;
  /** Security info's registration prompt after the new password (absent: the outcome page alone). */
  afterPassword?: AfterPasswordPage | undefined;
}

const NEW_PASSWORD_FIELDS: readonly ChangeField[] = ['newPassword', 'confirmPassword'];

/**
 * GET/POST /signin (an expired password still proves who you are) and GET/POST /signin/new-password,
 * the one page the resulting session may use. No other route reads the session cookie.
 */
export function signInRoutes(options: SignInRoutesOptions): Hono {
  const { accounts, policy, frame, session, newPasswordPage, device, challenges, afterPassword } = options;
  const routes = new Hono();

  /** The sign-in form; `from` is the way back it carries (the query's on GET and HEAD, the form's on POST). */
  const signInPage = async (
    c: Context,
    { email, from }: SignInEcho,
    problems: readonly FormProblem[],
    status: ContentfulStatusCode = 200,
  ): Promise<Response> => {
    const shown = showProblems(problems);
    const page = (
      <SignInPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        email={email}
        errors={shown.summary}
        emailErrors={shown.byField.email}
        passwordErrors={shown.byField.currentPassword}
        contactSupport={shown.contactSupport}
        challenge={await challenges.forPage(c, 'password')}
        from={from}
      />
    );
    return renderPage(c, page, status);
  };

  const sessionExpired = (c: Context): Response => {
    session.clear(c);
    const entry = REFUSAL_TABLE.SESSION_EXPIRED;
    const page = (
      <MessagePage
        frame={frame}
        title={currentMessages().t('signin.expiredTitle')}
        paragraphs={[entry.words(policy)]}
        link={{ href: '/signin', text: currentMessages().t('signin.again') }}
        role="alert"
      />
    );
    return renderPage(c, page, entry.status);
  };

  // HEAD too (Hono answers it with this route): the query alone, whatever body came with it.
  routes.get('/signin', (c) => signInPage(c, { email: '', from: readFromParam(c.req.url) }, []));

  routes.post('/signin', async (c) => {
    const signedIn = await passwordSignIn(c, {
      accounts,
      device,
      challenges,
      policy,
      page: signInPage,
      signIn: (input) => accounts.signIn(input),
      locked: (ctx, email, refusal) => lockedResponse(ctx, { frame, policy, email, refusal, door: 'signin' }),
    });
    if (signedIn instanceof Response) return signedIn;
    const { outcome } = signedIn;
    if (outcome.status === 'must_change') {
      session.write(c, outcome.session.token, outcome.session.expiresAt);
      // Where "Back to where you were" on /signin/done leads: sealed in a cookie, never in the next URLs.
      c.var.journeyEnd.keep(c, 'expired', signedIn.from);
    }
    await signedIn.remember();
    if (outcome.status === 'must_change') return c.redirect('/signin/new-password', 303);
    return renderPage(
      c,
      <PasswordStillValidPage frame={frame} back={microsoftReturnAddress(signedIn.from)} />,
    );
  });

  routes.get('/signin/new-password', async (c) => {
    const token = session.read(c);
    const view = token === null ? null : await accounts.getSession(token);
    if (view === null) return sessionExpired(c);
    const context = await accounts.passwordContextFor(view.email);
    const page = newPasswordPage({
      kind: 'expired',
      csrfToken: c.var.csrfToken,
      token: null,
      email: view.email,
      displayName: view.displayName,
      context,
      passwordsOnRecord: await accounts.passwordsOnRecord(view.email),
      problems: [],
    });
    return renderPage(c, page);
  });

  routes.post('/signin/new-password', async (c) => {
    const token = session.read(c);
    const view = token === null ? null : await accounts.getSession(token);
    if (token === null || view === null) return sessionExpired(c);
    const form = await parseForm(c, newPasswordFormSchema, { echo: [] });
    const render = async (
      problems: readonly FormProblem[],
      status: ContentfulStatusCode,
    ): Promise<Response> => {
      const context = await accounts.passwordContextFor(view.email);
      const page = newPasswordPage({
        kind: 'expired',
        csrfToken: c.var.csrfToken,
        token: null,
        email: view.email,
        displayName: view.displayName,
        context,
        passwordsOnRecord: await accounts.passwordsOnRecord(view.email),
        problems,
      });
      return renderPage(c, page, status);
    };
    if (!form.ok) return render(issueProblems(form.issues, NEW_PASSWORD_FIELDS), 422);
    const { newPassword, confirmPassword } = form.data;
    if (newPassword !== confirmPassword) {
      return render(refusalProblems(['PASSWORDS_DO_NOT_MATCH'], policy).problems, 422);
    }
    const outcome = await accounts.setPasswordWithSession({
      sessionToken: token,
      newPassword,
      ...requestOrigin(c),
    });
    if (outcome.status === 'refused') {
      const codes = outcome.refusals.map((refusal) => refusal.code);
      if (codes.includes('SESSION_EXPIRED')) return sessionExpired(c);
      const { problems, status } = refusalProblems(codes, policy);
      return render(problems, status);
    }
    session.clear(c);
    const prompt = (await afterPassword?.(c, view.email, outcome.version)) ?? null;
    // 303 to the outcome's own page: a reload shows it again and posts nothing.
    const back = c.var.journeyEnd.take(c, 'expired');
    return c.var.journeyEnd.finish(c, 'expired', view.email, { outcome, back, prompt });
  });

  routes.get(JOURNEY_DONE_PATHS.expired, (c) => journeyDonePage(c, 'expired', frame));

  return routes;
}
