/** @jsxRuntime automatic @jsxImportSource preact */
import { type Context, Hono } from 'hono';
import type { AccountService, RequestOrigin } from '../accounts/account-service.js';
import { factorFormSchema } from '../http/account-form-schemas.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import { parseForm } from '../http/parse-form.js';
import { renderPage } from '../http/render-page.js';
import { requestOrigin } from '../http/request-origin.js';
import type { SessionCookie } from '../http/session-cookie.js';
import { EMAIL_CODE_MINUTES } from '../recovery/email-codes.js';
import type { ResetFlowService } from '../reset/reset-flow-service.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { RESET_FACTOR_FIELDS } from '../views/reset-verify-page.js';
import { fieldProblem } from './account-refusals.js';
import type { ResetResponses } from './reset-responses.js';

export interface ResetVerifyRoutesOptions {
  accounts: AccountService;
  resets: ResetFlowService;
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
  const { accounts, resets, frame, flowCookie, device, responses } = options;
  const routes = new Hono();

  /**
   * Who is asking, with this browser's device entry for the address typed: a browser that proved the
   * account's password or a method before counts its attempts on its own (reset-limits.ts).
   */
  const originFor = async (c: Context, email: string): Promise<RequestOrigin> => ({
    ...requestOrigin(c),
    device: device.deviceFor(c, email, await accounts.credentialEpoch(email)),
  });

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
      const { problems, status } = fieldProblem(field, 'Enter the code.');
      return responses.verifyPage(c, token, problems, status);
    }
    const { factor, code } = form.data;
    const proved = await resets.prove(token, { factor, code }, await originFor(c, view.email));
    if (proved.status === 'refused') return responses.refused(c, token, proved.code, factor);
    // This browser proved a method of the account: from now on its attempts are its own.
    device.remember(c, view.email, await accounts.credentialEpoch(view.email));
    return c.redirect(proved.complete ? '/reset/new-password' : '/reset/verify', 303);
  });

  routes.post('/reset/verify/send-code', async (c) => {
    const token = flowCookie.read(c);
    const view = token === null ? null : await resets.view(token);
    if (token === null || view === null) return responses.expired(c);
    const sent = await resets.sendCode(token, await originFor(c, view.email));
    if (sent.status === 'refused') return responses.refused(c, token, sent.code, 'email_code');
    return responses.verifyPage(
      c,
      token,
      [],
      200,
      // The same words whether or not a mail went: the page must not say the account has such an address.
      `If your account has a personal e-mail address, we sent a code to it. It works for ${EMAIL_CODE_MINUTES} minutes: type it below.`,
    );
  });

  routes.post('/reset/verify/send-link', async (c) => {
    const token = flowCookie.read(c);
    const view = token === null ? null : await resets.view(token);
    if (token === null || view === null) return responses.expired(c);
    const sent = await resets.sendLink(token, await originFor(c, view.email));
    if (sent.status === 'refused') return responses.refused(c, token, sent.code, null);
    // The same bytes for every address: whether a link went is decided off the request.
    const page = (
      <MessagePage
        frame={frame}
        title="Check your work e-mail"
        paragraphs={[
          `If your account can be reset this way, we have sent a link to your work address. It works once, for ${options.linkMinutes} minutes.`,
          'No e-mail after a few minutes? Check your junk or spam folder, or use another way.',
        ]}
        link={{ href: '/reset/verify', text: 'Back to the other ways' }}
        role="status"
      />
    );
    return renderPage(c, page);
  });

  return routes;
}
