/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { codeFormSchema, personalEmailFormSchema } from '../http/account-form-schemas.js';
import { parseForm } from '../http/parse-form.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { SecurityInfoService, SignedInPerson } from '../recovery/security-info-service.js';
import { AccountAuthenticatorPage, TOTP_CODE_FIELD } from '../views/account-authenticator-page.js';
import { AccountEmailPage, EMAIL_CODE_FIELD, PERSONAL_EMAIL_FIELD } from '../views/account-email-page.js';
import { AccountInfoPage } from '../views/account-info-page.js';
import type { AccountProblem } from '../views/account-problems.js';
import { AccountRecoveryCodesPage } from '../views/account-recovery-codes-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { signedInPerson } from './account-gate.js';
import { fieldProblem, refusalProblem } from './account-refusals.js';

export interface AccountMethodRoutesOptions {
  security: SecurityInfoService;
  policy: PasswordPolicy;
  frame: PageFrame;
  account: SessionCookie;
  /** The answer to a form sent after the session ended. */
  ended: (c: Context) => Promise<Response>;
}

/** Adding methods in security info: a personal address (by a mailed code), an authenticator app, recovery codes. */
export function accountMethodRoutes(options: AccountMethodRoutesOptions): Hono {
  const { security, policy, frame, account, ended } = options;
  const routes = new Hono();

  const emailPage = (
    c: Context,
    step: 'address' | 'code',
    address: string,
    problems: readonly AccountProblem[],
    status: ContentfulStatusCode = 200,
  ): Response =>
    renderPage(
      c,
      <AccountEmailPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        step={step}
        address={address}
        problems={problems}
      />,
      status,
    );

  const authenticatorPage = async (
    c: Context,
    person: SignedInPerson,
    problems: readonly AccountProblem[],
    status: ContentfulStatusCode = 200,
  ): Promise<Response> => {
    const page = (
      <AccountAuthenticatorPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        setup={await security.totpSetup(person)}
        email={person.email}
        organisation={frame.organisationName}
        problems={problems}
      />
    );
    return renderPage(c, page, status);
  };

  routes.get('/account/email', async (c) => {
    if ((await signedInPerson(c, security, account)) === null) return c.redirect('/account', 303);
    return emailPage(c, 'address', '', []);
  });

  routes.post('/account/email', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return ended(c);
    const form = await parseForm(c, personalEmailFormSchema, { echo: ['personalEmail'] });
    if (!form.ok) {
      const { problems, status } = fieldProblem(
        PERSONAL_EMAIL_FIELD,
        currentMessages().t('form.emailInvalid'),
      );
      return emailPage(c, 'address', form.echo.personalEmail ?? '', problems, status);
    }
    const started = await security.startPersonalEmail(person, form.data.personalEmail);
    if (started.status === 'ok') return c.redirect('/account/email/confirm', 303);
    const { problems, status } = refusalProblem(started, PERSONAL_EMAIL_FIELD, policy);
    return emailPage(c, 'address', form.data.personalEmail, problems, status);
  });

  routes.get('/account/email/confirm', async (c) => {
    if ((await signedInPerson(c, security, account)) === null) return c.redirect('/account', 303);
    return emailPage(c, 'code', '', []);
  });

  routes.post('/account/email/confirm', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return ended(c);
    const form = await parseForm(c, codeFormSchema, { echo: [] });
    if (!form.ok) {
      const { problems, status } = fieldProblem(
        EMAIL_CODE_FIELD,
        currentMessages().t('account.enterEmailCode'),
      );
      return emailPage(c, 'code', '', problems, status);
    }
    const confirmed = await security.confirmPersonalEmail(person, form.data.code, requestOrigin(c));
    if (confirmed.status === 'ok') return c.redirect('/account?done=email', 303);
    const { problems, status } = refusalProblem(confirmed.code, EMAIL_CODE_FIELD, policy);
    return emailPage(c, 'code', '', problems, status);
  });

  routes.post('/account/authenticator', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return ended(c);
    const started = await security.startTotp(person);
    if (started.status === 'ok') return c.redirect('/account/authenticator', 303);
    const { problems, status } = refusalProblem(started.code, null, policy);
    return authenticatorPage(c, person, problems, status);
  });

  routes.get('/account/authenticator', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return c.redirect('/account', 303);
    return authenticatorPage(c, person, []);
  });

  routes.post('/account/authenticator/confirm', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return ended(c);
    const form = await parseForm(c, codeFormSchema, { echo: [] });
    if (!form.ok) {
      const { problems, status } = fieldProblem(
        TOTP_CODE_FIELD,
        currentMessages().t('account.enterTotpCode'),
      );
      return authenticatorPage(c, person, problems, status);
    }
    const confirmed = await security.confirmTotp(person, form.data.code, requestOrigin(c));
    if (confirmed.status === 'ok') return c.redirect('/account?done=authenticator', 303);
    const { problems, status } = refusalProblem(confirmed.code, TOTP_CODE_FIELD, policy);
    return authenticatorPage(c, person, problems, status);
  });

  routes.post('/account/recovery-codes', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return ended(c);
    const before = await security.securityInfo(person);
    const made = await security.generateRecoveryCodes(person, requestOrigin(c));
    if (made.status === 'refused') {
      const { problems, status } = refusalProblem(made.code, null, policy);
      const page = (
        <AccountInfoPage
          frame={frame}
          csrfToken={c.var.csrfToken}
          info={before}
          problems={problems}
          status={null}
        />
      );
      return renderPage(c, page, status);
    }
    // The answer to the POST itself, never a page to come back to: the codes are shown this once.
    return renderPage(
      c,
      <AccountRecoveryCodesPage
        frame={frame}
        codes={made.codes}
        replaced={before.overview.recoveryCodes !== null}
      />,
    );
  });

  return routes;
}
