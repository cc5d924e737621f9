/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccountService } from '../accounts/account-service.js';
import { factorFormSchema } from '../http/account-form-schemas.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { AccountSessionGrant } from '../recovery/account-sessions.js';
import { EMAIL_CODE_MINUTES } from '../recovery/email-codes.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';
import type { AccountProblem } from '../views/account-problems.js';
import { AccountVerifyPage, FACTOR_FIELDS } from '../views/account-verify-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { fieldProblem, refusalProblem } from './account-refusals.js';
import type { AccountResponses } from './account-responses.js';
import { lockedResponse } from './locked-response.js';
import { passwordSignIn } from './password-sign-in.js';

export interface AccountSignInRoutesOptions {
  accounts: AccountService;
  security: SecurityInfoService;
  policy: PasswordPolicy;
  frame: PageFrame;
  /** The expired sign-in's cookie: an expired password signs in here as it does at /signin. */
  session: SessionCookie;
  /** Security info's own cookie (pg_account). */
  account: SessionCookie;
  device: DeviceCookie;
  /** The proof of work asked of a client address that has typed many wrong passwords (shared with /signin). */
  challenges: PageChallenges;
  responses: AccountResponses;
}

/**
 * Signing in to security info: POST /account/signin through the sign-in /signin uses (its counters,
 * locks, device cookies and audit), then /account/verify for the second factor once one is registered.
 */
export function accountSignInRoutes(options: AccountSignInRoutesOptions): Hono {
  const { accounts, security, policy, frame, session, account, device, challenges, responses } = options;
  const { signInPage } = responses;
  const routes = new Hono();

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
    if (pending === null) return responses.ended(c);
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

  routes.post('/account/signin', async (c) => {
    // The same password step as /signin: proof of work, lockout, device cookie and audit alike.
    const signedIn = await passwordSignIn(c, {
      accounts,
      device,
      challenges,
      policy,
      // Security info's form carries no way back: it is reached from the portal's own pages.
      page: (ctx, { email }, problems, status) => signInPage(ctx, email, problems, status),
      signIn: (input) => security.signIn(input),
      // The same lock page as /signin and /change: locked, until when, and the reset that unlocks.
      locked: (ctx, email, refusal) =>
        lockedResponse(ctx, { frame, policy, email, refusal, door: 'account' }),
    });
    if (signedIn instanceof Response) return signedIn;
    const { outcome } = signedIn;
    await signedIn.remember();
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
    if (token === null) return responses.ended(c);
    const form = await parseForm(c, factorFormSchema, { echo: ['factor'] });
    if (!form.ok) {
      const factor = form.echo.factor;
      const fieldId =
        factor === 'totp' || factor === 'email_code' || factor === 'recovery_code'
          ? FACTOR_FIELDS[factor]
          : null;
      const { problems, status } = fieldProblem(
        fieldId ?? FACTOR_FIELDS.totp,
        currentMessages().t('account.enterCode'),
      );
      return verifyPage(c, token, problems, status, null);
    }
    const { factor, code } = form.data;
    const proved = await security.proveFactor(token, { kind: factor, code }, requestOrigin(c));
    if (proved.status === 'ok') return land(c, proved.session);
    if (proved.code === 'SESSION_EXPIRED') return responses.ended(c);
    const { problems, status } = refusalProblem(proved, FACTOR_FIELDS[factor], policy);
    return verifyPage(c, token, problems, status, null);
  });

  routes.post('/account/verify/send-code', async (c) => {
    const token = account.read(c);
    if (token === null) return responses.ended(c);
    const sent = await security.sendSignInCode(token);
    if (sent.status === 'ok')
      return verifyPage(
        c,
        token,
        [],
        200,
        currentMessages().t('verify.codeSent', { minutes: EMAIL_CODE_MINUTES }),
      );
    if (sent.code === 'SESSION_EXPIRED') return responses.ended(c);
    const { problems, status } = refusalProblem(sent, FACTOR_FIELDS.email_code, policy);
    return verifyPage(c, token, problems, status, null);
  });

  return routes;
}
