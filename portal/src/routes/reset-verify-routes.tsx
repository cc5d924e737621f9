/** @jsxRuntime automatic @jsxImportSource preact */
import type { RefusalCode } from '@passgate/core/codes';
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { AccountService, RequestOrigin } from '../accounts/account-service.js';
import { factorFormSchema } from '../http/account-form-schemas.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import { parseForm } from '../http/parse-form.js';
import { passkeySignInFormSchema } from '../http/passkey-form-schemas.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import { EMAIL_CODE_MINUTES } from '../recovery/email-codes.js';
import type { ResetFactor, ResetFlowService } from '../reset/reset-flow-service.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { RESET_FACTOR_FIELDS, RESET_PASSKEY_PATHS } from '../views/reset-verify-page.js';
import { fieldProblem } from './account-refusals.js';
import type { ResetResponses } from './reset-responses.js';

export interface ResetVerifyRoutesOptions {
  accounts: AccountService;
  resets: ResetFlowService;
  policy: PasswordPolicy;
  frame: PageFrame;
  flowCookie: SessionCookie;
  device: DeviceCookie;
  responses: ResetResponses;
  /** How long a link to the work mailbox works, for the answer's words. */
  linkMinutes: number;
}

/**
 * /reset/verify: proving methods, asking for a code by e-mail or a link to the work mailbox. Each answer
 * before a proof is the same whatever address the flow was started with (the service sees to the rest).
 */
export function resetVerifyRoutes(options: ResetVerifyRoutesOptions): Hono {
  const { accounts, resets, policy, frame, flowCookie, device, responses } = options;
  const routes = new Hono();

  /**
   * Who is asking, with this browser's device entry for the address typed: a browser that proved the
   * account's password or a method before counts its attempts on its own (reset-limits.ts).
   */
  const originFor = async (c: Context, email: string): Promise<RequestOrigin> => ({
    ...requestOrigin(c),
    device: device.deviceFor(c, email, await accounts.credentialEpoch(email)),
  });

  /** Checks one factor of the flow and goes on: the next way to prove, or the new password. */
  const prove = async (
    c: Context,
    token: string,
    email: string,
    factor: ResetFactor,
    code: string,
  ): Promise<Response> => {
    const proved = await resets.prove(token, { factor, code }, await originFor(c, email));
    if (proved.status === 'refused') return responses.refused(c, token, proved, factor);
    // No device standing yet: one factor is not the account (a device cookie would let its holder guess
    // passwords at /signin against a lock of their own). The finished reset remembers the browser.
    return c.redirect(proved.complete ? '/reset/new-password' : '/reset/verify', 303);
  };

  routes.get('/reset/verify', (c) => {
    const token = flowCookie.read(c);
    return token === null ? responses.expired(c) : responses.verifyPage(c, token, []);
  });

  routes.post('/reset/verify', async (c) => {
    const token = flowCookie.read(c);
    const view = token === null ? null : await resets.view(token);
    if (token === null || view === null) return responses.expired(c);
    const form = await parseForm(c, factorFormSchema, { echo: ['factor'] });
    if (!form.ok) {
      const factor = form.echo.factor;
      const field =
        factor === 'totp' || factor === 'email_code' || factor === 'recovery_code'
          ? RESET_FACTOR_FIELDS[factor]
          : RESET_FACTOR_FIELDS.totp;
      const { problems, status } = fieldProblem(field, currentMessages().t('resetVerify.enterCode'));
      return responses.verifyPage(c, token, problems, status);
    }
    return prove(c, token, view.email, form.data.factor, form.data.code);
  });

  // The passkey step: the island asks for the flow's options (JSON), runs the browser's ceremony and sends
  // its answer as a form, which is then judged like a typed code.
  routes.post(RESET_PASSKEY_PATHS.options, async (c) => {
    // The options carry a challenge meant for one ceremony: no cache may keep or replay them.
    c.header('Cache-Control', 'no-store');
    const refusedJson = (code: RefusalCode): Response => {
      const entry = REFUSAL_TABLE[code];
      return c.json({ words: entry.words(policy) }, entry.status);
    };
    const token = flowCookie.read(c);
    if (token === null) return refusedJson('RESET_EXPIRED');
    const made = await resets.passkeyOptions(token, requestOrigin(c));
    return made.status === 'ok' ? c.json({ options: made.options }) : refusedJson(made.code);
  });

  routes.post(RESET_PASSKEY_PATHS.answer, async (c) => {
    const token = flowCookie.read(c);
    const view = token === null ? null : await resets.view(token);
    if (token === null || view === null) return responses.expired(c);
    const form = await parseForm(c, passkeySignInFormSchema, { echo: [] });
    if (!form.ok) return responses.refused(c, token, 'PASSKEY_NOT_ACCEPTED', 'passkey');
    return prove(c, token, view.email, 'passkey', form.data.response);
  });

  routes.post('/reset/verify/send-code', async (c) => {
    const token = flowCookie.read(c);
    const view = token === null ? null : await resets.view(token);
    if (token === null || view === null) return responses.expired(c);
    const sent = await resets.sendCode(token, await originFor(c, view.email));
    if (sent.status === 'refused') return responses.refused(c, token, sent, 'email_code');
    return responses.verifyPage(
      c,
      token,
      [],
      200,
      // The same words whether or not a mail went: the page must not say the account has such an address.
      currentMessages().t('resetVerify.codeSent', { minutes: EMAIL_CODE_MINUTES }),
    );
  });

  routes.post('/reset/verify/send-link', async (c) => {
    const token = flowCookie.read(c);
    const view = token === null ? null : await resets.view(token);
    if (token === null || view === null) return responses.expired(c);
    const sent = await resets.sendLink(token, await originFor(c, view.email));
    if (sent.status === 'refused') return responses.refused(c, token, sent.code, null);
    // The same bytes for every address: whether a link went is decided off the request.
    const { t } = currentMessages();
    const page = (
      <MessagePage
        frame={frame}
        title={t('resetVerify.linkSentTitle')}
        paragraphs={[
          t('resetVerify.linkSent', { minutes: options.linkMinutes }),
          t('resetVerify.linkSentJunk'),
        ]}
        link={{ href: '/reset/verify', text: t('resetVerify.backToWays') }}
        role="status"
      />
    );
    return renderPage(c, page);
  });

  return routes;
}
