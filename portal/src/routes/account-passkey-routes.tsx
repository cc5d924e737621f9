/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { parseForm } from '../http/parse-form.js';
import {
  addPasskeyFormSchema,
  passkeySignInFormSchema,
  renamePasskeyFormSchema,
} from '../http/passkey-form-schemas.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import { PASSKEY_NAME_MAX } from '../recovery/passkey-name.js';
import type { PasskeyService } from '../recovery/passkey-service.js';
import type { SecurityInfoService, SignedInPerson } from '../recovery/security-info-service.js';
import { AccountInfoPage } from '../views/account-info-page.js';
import type { AccountProblem } from '../views/account-problems.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { passkeyNameField } from '../views/passkey-item.js';
import { signedInPerson } from './account-gate.js';
import { fieldProblem, refusalProblem } from './account-refusals.js';
import type { AccountResponses } from './account-responses.js';
import { refusalProblems } from './form-problems.js';

export interface AccountPasskeyRoutesOptions {
  passkeys: PasskeyService;
  security: SecurityInfoService;
  policy: PasswordPolicy;
  frame: PageFrame;
  /** Security info's cookie (pg_account). */
  account: SessionCookie;
  /** The ceremony cookie a sign-in's challenge is bound to (pg_passkey). */
  ceremony: SessionCookie;
  responses: AccountResponses;
}

/**
 * Passkeys in security info: adding one (the island sends the browser's answer), renaming one (a plain
 * form), and signing in with one (POST /account/passkey: on its own, or as the second step after the
 * password). Removing a passkey is /account/remove, under the same rules as every method.
 */
export function accountPasskeyRoutes(options: AccountPasskeyRoutesOptions): Hono {
  const { passkeys, security, policy, frame, account, ceremony, responses } = options;
  const routes = new Hono();

  const infoPage = async (
    c: Context,
    person: SignedInPerson,
    problems: readonly AccountProblem[],
    status: ContentfulStatusCode,
  ): Promise<Response> => {
    const info = await security.securityInfo(person);
    const page = (
      <AccountInfoPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        info={info}
        problems={problems}
        status={null}
      />
    );
    return renderPage(c, page, status);
  };

  routes.post('/account/passkeys', async (c) => {
    const token = account.read(c);
    const person = token === null ? null : await security.session(token);
    if (token === null || person === null) return responses.ended(c);
    const form = await parseForm(c, addPasskeyFormSchema, { echo: [] });
    const added = form.ok
      ? await passkeys.register(
          person,
          {
            sessionToken: token,
            response: form.data.response,
            name: form.data.name,
            defaultName: (number) => currentMessages().t('passkey.defaultName', { number }),
          },
          requestOrigin(c),
        )
      : ({ status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' } as const);
    if (added.status === 'ok') return c.redirect('/account?done=passkey', 303);
    const { problems, status } = refusalProblem(added.code, null, policy);
    return infoPage(c, person, problems, status);
  });

  routes.post('/account/passkeys/rename', async (c) => {
    const person = await signedInPerson(c, security, account);
    if (person === null) return responses.ended(c);
    const form = await parseForm(c, renamePasskeyFormSchema, { echo: ['method'] });
    if (!form.ok) {
      const method = form.echo.method ?? '';
      const { problems, status } = fieldProblem(
        passkeyNameField(method),
        currentMessages().t('passkey.nameInvalid', { max: PASSKEY_NAME_MAX }),
      );
      return infoPage(c, person, problems, status);
    }
    const renamed = await passkeys.rename(person, form.data.method, form.data.name);
    if (renamed.status === 'ok') return c.redirect('/account?done=passkey_renamed', 303);
    const { problems, status } = refusalProblem(renamed.code, null, policy);
    return infoPage(c, person, problems, status);
  });

  routes.post('/account/passkey', async (c) => {
    const pendingToken = account.read(c);
    const token = ceremony.read(c);
    const form = await parseForm(c, passkeySignInFormSchema, { echo: [] });
    // The challenge is spent by this answer whatever it is: the ceremony cookie has nothing more to do.
    ceremony.clear(c);
    const outcome =
      token === null
        ? ({ status: 'refused', code: 'PASSKEY_CHALLENGE_EXPIRED' } as const)
        : !form.ok
          ? ({ status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' } as const)
          : await passkeys.signInToAccount({
              ceremony: token,
              response: form.data.response,
              pendingToken,
              ...requestOrigin(c),
            });
    if (outcome.status === 'ok') {
      account.write(c, outcome.session.token, outcome.session.expiresAt);
      const person = await security.session(outcome.session.token);
      const info = person === null ? null : await security.securityInfo(person);
      return c.redirect(info?.prompt === 'required' ? '/account/setup' : '/account?done=signed_in', 303);
    }
    const { problems, status } = refusalProblems([outcome.code], policy);
    // Halfway through signing in (the password proven), the person goes back to that step's other ways.
    if (pendingToken !== null && (await security.pendingSignIn(pendingToken)) !== null) {
      const { t } = currentMessages();
      const page = (
        <MessagePage
          frame={frame}
          title={t('account.passkeyFailedTitle')}
          paragraphs={problems.map((problem) => problem.words)}
          link={{ href: '/account/verify', text: t('account.passkeyFailedLink') }}
          role="alert"
          support={problems.some((problem) => problem.contactSupport === true)}
        />
      );
      return renderPage(c, page, status);
    }
    return responses.signInPage(c, '', problems, status);
  });

  return routes;
}
