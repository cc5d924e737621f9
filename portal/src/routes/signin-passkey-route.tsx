/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { Hono } from 'hono';
import { microsoftReturnAddress } from '../http/microsoft-return.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { passkeySignInFormSchema } from '../http/passkey-form-schemas.js';
import { cleanFrom } from '../http/read-from-param.js';
import { renderPage } from '../http/render-page.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import type { PasskeyService } from '../recovery/passkey-service.js';
import type { PageFrame } from '../views/page-frame.js';
import { PasswordStillValidPage } from '../views/password-still-valid-page.js';
import { SignInPage } from '../views/signin-page.js';
import { refusalProblems, showProblems } from './form-problems.js';

export interface SignInPasskeyRouteOptions {
  passkeys: PasskeyService;
  policy: PasswordPolicy;
  frame: PageFrame;
  /** The expired sign-in's cookie (pg_session): what a passkey opens, as the password does. */
  session: SessionCookie;
  /** The ceremony cookie the challenge is bound to (pg_passkey). */
  ceremony: SessionCookie;
  /** The sign-in page shown again after a refusal asks this client for what /signin asks. */
  challenges: PageChallenges;
}

/**
 * POST /signin/passkey: the expired-password sign-in with a passkey instead of the expired password.
 * Why a passkey may do this is argued where it is decided (recovery/create-passkeys.ts, signInExpired):
 * it opens the set-new-password step only for a password that has expired, as the password would.
 */
export function signInPasskeyRoute(options: SignInPasskeyRouteOptions): Hono {
  const { passkeys, policy, frame, session, ceremony, challenges } = options;
  const routes = new Hono();

  routes.post('/signin/passkey', async (c) => {
    const token = ceremony.read(c);
    // `from` as /signin's password form carries it (password-sign-in.ts): for "Back to where you were".
    const form = await parseForm(c, passkeySignInFormSchema, { echo: ['from'] });
    const from = cleanFrom((form.ok ? form.data.from : form.echo.from) ?? '');
    ceremony.clear(c);
    const outcome =
      token === null
        ? ({ status: 'refused', code: 'PASSKEY_CHALLENGE_EXPIRED' } as const)
        : !form.ok
          ? ({ status: 'refused', code: 'PASSKEY_NOT_ACCEPTED' } as const)
          : await passkeys.signInExpired({
              ceremony: token,
              response: form.data.response,
              ...requestOrigin(c),
            });
    if (outcome.status === 'ok') {
      if (outcome.session === null) {
        const back = microsoftReturnAddress(from);
        return renderPage(c, <PasswordStillValidPage frame={frame} back={back} />);
      }
      session.write(c, outcome.session.token, outcome.session.expiresAt);
      c.var.journeyEnd.keep(c, 'expired', from);
      return c.redirect('/signin/new-password', 303);
    }
    const { problems, status } = refusalProblems([outcome.code], policy);
    const shown = showProblems(problems);
    const page = (
      <SignInPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        email=""
        from={from}
        errors={shown.summary}
        emailErrors={[]}
        passwordErrors={[]}
        contactSupport={shown.contactSupport}
        challenge={await challenges.forPage(c, 'password')}
      />
    );
    return renderPage(c, page, status);
  });

  return routes;
}
