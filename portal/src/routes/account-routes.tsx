/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccountService } from '../accounts/account-service.js';
import { factorFormSchema, removeFormSchema } from '../http/account-form-schemas.js';
import type { ChangeField } from '../http/change-fields.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import { parseForm } from '../http/parse-form.js';
import { signInFormSchema } from '../http/recovery-form-schemas.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { AccountSessionGrant } from '../recovery/account-sessions.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';
import { AccountInfoPage } from '../views/account-info-page.js';
import type { AccountProblem } from '../views/account-problems.js';
import { AccountSetupPage } from '../views/account-setup-page.js';
import { AccountSignInPage } from '../views/account-signin-page.js';
import { AccountVerifyPage, FACTOR_FIELDS } from '../views/account-verify-page.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { DONE_WORDS, signedInPerson } from './account-gate.js';
import { accountMethodRoutes } from './account-method-routes.js';
import { fieldProblem, refusalProblem } from './account-problems.js';
import { type FormProblem, issueProblems, refusalProblems, showProblems } from './form-problems.js';

export interface AccountRoutesOptions {
  accounts: AccountService;
  security: SecurityInfoService;
  policy: PasswordPolicy;
  frame: PageFrame;
  /** The expired sign-in's cookie: an expired password signs in here as it does at /signin. */
  session: SessionCookie;
  /** Security info's own cookie (pg_account). */
  account: SessionCookie;
  device: DeviceCookie;
}

const SIGN_IN_FIELDS: readonly ChangeField[] = ['email', 'currentPassword'];
const ENDED =
  'Your sign-in to your security info has ended (it ends after a few idle minutes, and when your password changes). Sign in again.';

/**
 * Security info (/account): sign in with the password (through the sign-in /signin uses), then a second
 * factor once one is registered; see, add and remove recovery methods. Every page works without script.
 */
export function accountRoutes(options: AccountRoutesOptions): Hono {
  const { accounts, security, policy, frame, session, account, device } = options;
  const routes = new Hono();

  const signInPage = (
    c: Context,
    email: string,
    problems: readonly FormProblem[],
    status: ContentfulStatusCode = 200,
    notice: string | null = null,
  ): Response => {
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
      />
    );
    return renderPage(c, page, status);
  };

  /**
   * A form sent without a signed-in session: nothing was done. Halfway through signing in (the second
   * factor still to come) the person is sent back to that step; otherwise the session ended: sign in again.
   */
  const ended = async (c: Context): Promise<Response> => {
    const token = account.read(c);
    if (token !== null && (await security.pendingSignIn(token)) !== null)
      return c.redirect('/account/verify', 303);
    account.clear(c);
    return signInPage(c, '', [], REFUSAL_TABLE.SESSION_EXPIRED.status, ENDED);
  };

  /** Where a completed sign-in lands: the registration prompt when the policy requires more methods. */
  const land = async (c: Context, grant: AccountSessionGrant): Promise<Response> => {
    account.write(c, grant.token, grant.expiresAt);
    const person = await security.session(grant.token);
    const info = person === null ? null : await security.securityInfo(person);
    return c.redirect(info?.prompt === 'required' ? '/account/setup' : '/account?done=signed_in', 303);
  };

  const verifyPage = async (
    c: Context,
    token: string,
    problems: readonly AccountProblem[],
    status: ContentfulStatusCode,
    notice: string | null,
  ): Promise<Response> => {
    const pending = await security.pendingSignIn(token);
    if (pending === null) return ended(c);
    const page = (
      <AccountVerifyPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        email={pending.email}
        factors={pending.factors}
        personalEmailHint={pending.personalEmailHint}
        problems={problems}
        status={notice}
      />
    );
    return renderPage(c, page, status);
  };

  routes.get('/account', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) {
      const token = account.read(c);
      if (token !== null && (await security.pendingSignIn(token)) !== null)
        return c.redirect('/account/verify', 303);
      if (token !== null) account.clear(c);
      return signInPage(c, '', [], 200, token === null ? null : ENDED);
    }
    const done = DONE_WORDS[c.req.query('done') ?? ''] ?? null;
    const info = await security.securityInfo(person);
    return renderPage(
      c,
      <AccountInfoPage frame={frame} csrfToken={c.var.csrfToken} info={info} problems={[]} status={done} />,
    );
  });

  routes.post('/account/signin', async (c) => {
    const form = await parseForm(c, signInFormSchema, { echo: ['email'] });
    if (!form.ok)
      return signInPage(c, form.echo.email ?? '', issueProblems(form.issues, SIGN_IN_FIELDS), 422);
    const { email, currentPassword } = form.data;
    const outcome = await security.signIn({
      email,
      password: currentPassword,
      ...requestOrigin(c),
      device: device.deviceFor(c, email, await accounts.credentialEpoch(email)),
    });
    if (outcome.status === 'refused') {
      const { problems, status } = refusalProblems(
        outcome.refusals.map((refusal) => refusal.code),
        policy,
      );
      return signInPage(c, email, problems, status);
    }
    device.remember(c, email, await accounts.credentialEpoch(email));
    if (outcome.status === 'must_change') {
      // An expired password: the same next step as at /signin, choosing a new one.
      session.write(c, outcome.session.token, outcome.session.expiresAt);
      return c.redirect('/signin/new-password', 303);
    }
    if (outcome.session.stage === 'account') return land(c, outcome.session);
    account.write(c, outcome.session.token, outcome.session.expiresAt);
    return c.redirect('/account/verify', 303);
  });

  routes.get('/account/verify', async (c) => {
    const token = account.read(c);
    if (token === null || (await security.pendingSignIn(token)) === null) return c.redirect('/account', 303);
    return verifyPage(c, token, [], 200, null);
  });

  routes.post('/account/verify', async (c) => {
    const token = account.read(c);
    if (token === null) return ended(c);
    const form = await parseForm(c, factorFormSchema, { echo: ['factor'] });
    if (!form.ok) {
      const factor = form.echo.factor;
      const fieldId =
        factor === 'totp' || factor === 'email_code' || factor === 'recovery_code'
          ? FACTOR_FIELDS[factor]
          : null;
      const { problems, status } = fieldProblem(fieldId ?? FACTOR_FIELDS.totp, 'Enter the code.');
      return verifyPage(c, token, problems, status, null);
    }
    const { factor, code } = form.data;
    const proved = await security.proveFactor(token, { kind: factor, code }, requestOrigin(c));
    if (proved.status === 'ok') return land(c, proved.session);
    if (proved.code === 'SESSION_EXPIRED') return ended(c);
    const { problems, status } = refusalProblem(proved.code, FACTOR_FIELDS[factor], policy);
    return verifyPage(c, token, problems, status, null);
  });

  routes.post('/account/verify/send-code', async (c) => {
    const token = account.read(c);
    if (token === null) return ended(c);
    const sent = await security.sendSignInCode(token);
    if (sent.status === 'ok')
      return verifyPage(
        c,
        token,
        [],
        200,
        'We sent a code to your personal address. It works for 10 minutes.',
      );
    if (sent.code === 'SESSION_EXPIRED') return ended(c);
    const { problems, status } = refusalProblem(sent.code, FACTOR_FIELDS.email_code, policy);
    return verifyPage(c, token, problems, status, null);
  });

  routes.post('/account/signout', async (c) => {
    const token = account.read(c);
    if (token !== null) await security.signOut(token);
    account.clear(c);
    const page = (
      <MessagePage
        frame={frame}
        title="You are signed out"
        paragraphs={['You are signed out of your security info.']}
        link={{ href: '/account', text: 'Sign in again' }}
        role="status"
      />
    );
    return renderPage(c, page);
  });

  routes.post('/account/remove', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return ended(c);
    const form = await parseForm(c, removeFormSchema, { echo: [] });
    const target = !form.ok
      ? null
      : form.data.method === 'recovery_codes'
        ? ('recovery_codes' as const)
        : { methodId: form.data.method };
    const removed =
      target === null
        ? { status: 'refused' as const, code: 'METHOD_NOT_FOUND' as const }
        : await security.removeMethod(person, target, requestOrigin(c));
    if (removed.status === 'ok') return c.redirect('/account?done=removed', 303);
    const { problems, status } = refusalProblem(removed.code, null, policy);
    const info = await security.securityInfo(person);
    return renderPage(
      c,
      <AccountInfoPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        info={info}
        problems={problems}
        status={null}
      />,
      status,
    );
  });

  routes.get('/account/setup', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return c.redirect('/account', 303);
    const info = await security.securityInfo(person);
    if (info.prompt === 'none') return c.redirect('/account', 303);
    return renderPage(c, <AccountSetupPage frame={frame} csrfToken={c.var.csrfToken} info={info} />);
  });

  routes.post('/account/setup/skip', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return ended(c);
    // Refused once the skips are used up: the setup page then says so, and offers no skip.
    if (await security.skipRegistration(person)) return c.redirect('/account?done=skipped', 303);
    return c.redirect('/account/setup', 303);
  });

  routes.route('/', accountMethodRoutes({ security, policy, frame, account, ended }));
  return routes;
}
