/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { Hono } from 'hono';
import type { AccountService } from '../accounts/account-service.js';
import { removeFormSchema } from '../http/account-form-schemas.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { SecurityInfoService } from '../recovery/security-info-service.js';
import { AccountInfoPage } from '../views/account-info-page.js';
import { AccountSetupPage } from '../views/account-setup-page.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { DONE_MESSAGES, signedInPerson } from './account-gate.js';
import { accountMethodRoutes } from './account-method-routes.js';
import { refusalProblem } from './account-refusals.js';
import { accountResponses, sessionEnded } from './account-responses.js';
import { accountSignInRoutes } from './account-signin-routes.js';

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
  /** The proof of work the sign-in asks of a failing client address, as /signin's. */
  challenges: PageChallenges;
}

/**
 * Security info (/account): the page of a signed-in person's methods, removing them, the registration
 * prompt and signing out; signing in (account-signin-routes) and adding methods (account-method-routes)
 * are mounted here. Every page works without script.
 */
export function accountRoutes(options: AccountRoutesOptions): Hono {
  const { accounts, security, policy, frame, session, account, device, challenges } = options;
  const routes = new Hono();

  const responses = accountResponses({ security, frame, account, challenges });
  const { signInPage } = responses;

  routes.get('/account', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) {
      const token = account.read(c);
      if (token !== null && (await security.pendingSignIn(token)) !== null)
        return c.redirect('/account/verify', 303);
      if (token !== null) account.clear(c);
      return signInPage(c, '', [], 200, token === null ? null : sessionEnded());
    }
    const doneKey = DONE_MESSAGES[c.req.query('done') ?? ''];
    const done = doneKey === undefined ? null : currentMessages().t(doneKey);
    const info = await security.securityInfo(person);
    return renderPage(
      c,
      <AccountInfoPage frame={frame} csrfToken={c.var.csrfToken} info={info} problems={[]} status={done} />,
    );
  });

  routes.post('/account/signout', async (c) => {
    const token = account.read(c);
    if (token !== null) await security.signOut(token);
    account.clear(c);
    const { t } = currentMessages();
    const page = (
      <MessagePage
        frame={frame}
        title={t('account.signedOutTitle')}
        paragraphs={[t('account.signedOutText')]}
        link={{ href: '/account', text: t('signin.again') }}
        role="status"
      />
    );
    return renderPage(c, page);
  });

  routes.post('/account/remove', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return responses.ended(c);
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
    if (person === null) return responses.ended(c);
    // Refused once the skips are used up: the setup page then says so, and offers no skip.
    if (await security.skipRegistration(person)) return c.redirect('/account?done=skipped', 303);
    return c.redirect('/account/setup', 303);
  });

  routes.route(
    '/',
    accountSignInRoutes({
      accounts,
      security,
      policy,
      frame,
      session,
      account,
      device,
      challenges,
      responses,
    }),
  );
  routes.route('/', accountMethodRoutes({ security, policy, frame, account, ended: responses.ended }));
  return routes;
}
