/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { Hono } from 'hono';
import type { AccountService, Refusal } from '../accounts/account-service.js';
import type { RememberLanguage } from '../accounts/remember-language.js';
import { CHANGE_FIELDS, type ChangeField } from '../http/change-fields.js';
import { changeFormSchema } from '../http/change-form-schema.js';
import type { DeviceCookie } from '../http/device-cookie.js';
import { JOURNEY_DONE_PATHS } from '../http/journey-end.js';
import { microsoftReturnAddress } from '../http/microsoft-return.js';
import type { PageChallenges } from '../http/page-challenges.js';
import { parseForm } from '../http/parse-form.js';
import { cleanFrom, readFromParam } from '../http/read-from-param.js';
import type { PageCode } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { requestOrigin } from '../http/request-origin.js';
import type { PageFrame } from '../views/page-frame.js';
import type { AfterPasswordPage } from './account-prompt.js';
import type { ChangePageBuilder } from './change-page-model.js';
import { issueProblems, refusalProblems } from './form-problems.js';
import { journeyDonePage } from './journey-done-page.js';
import { lockedResponse, lockIn } from './locked-response.js';

export interface ChangeRoutesOptions {
  accounts: AccountService;
  policy: PasswordPolicy;
  frame: PageFrame;
  changePage: ChangePageBuilder;
  device: DeviceCookie;
  /** The proof of work asked of a client address that has typed many wrong passwords. */
  challenges: PageChallenges;
  /** Security info's registration prompt after the new password (absent: the outcome page alone). */
  afterPassword?: AfterPasswordPage | undefined;
  /** Keeps the language of this page on the account, for the mails it will get. */
  rememberLanguage?: RememberLanguage | undefined;
}

const FIELD_ORDER = Object.keys(CHANGE_FIELDS) as ChangeField[];

/**
 * GET and POST /change: thin handlers that parse, ask the account service and render. A refusal re-shows
 * the form (4xx); success answers 303 to GET /change/done, so reloading the outcome never posts again.
 */
export function changeRoutes(options: ChangeRoutesOptions): Hono {
  const { accounts, policy, frame, changePage, device, challenges, afterPassword } = options;
  const routes = new Hono();

  routes.get('/change', async (c) => {
    const page = changePage({
      csrfToken: c.var.csrfToken,
      from: readFromParam(c.req.url),
      email: '',
      problems: [],
      challenge: await challenges.forPage(c, 'password'),
    });
    return renderPage(c, page);
  });

  routes.post('/change', async (c) => {
    const form = await parseForm(c, changeFormSchema, { echo: ['email', 'from'] });
    if (!form.ok) {
      const from = cleanFrom(form.echo.from ?? '');
      const problems = issueProblems(form.issues, FIELD_ORDER);
      const email = form.echo.email ?? '';
      const challenge = await challenges.forPage(c, 'password');
      const page = changePage({ csrfToken: c.var.csrfToken, from, email, problems, challenge });
      return renderPage(c, page, 422);
    }

    const { email, currentPassword, newPassword, confirmPassword } = form.data;
    const from = cleanFrom(form.data.from ?? '');
    const refuse = async (given: readonly (PageCode | Refusal)[]): Promise<Response> => {
      const { problems, status } = refusalProblems(given, policy);
      const challenge = await challenges.forPage(c, 'password');
      return renderPage(
        c,
        changePage({ csrfToken: c.var.csrfToken, from, email, problems, challenge }),
        status,
      );
    };

    // Decided here, before the service is asked: a typo is not an attempt against the account.
    if (newPassword !== confirmPassword) return refuse(['PASSWORDS_DO_NOT_MATCH']);
    // So is a missing or wrong proof of work, when this address is asked for one: nothing is counted.
    const challenge = await challenges.check(c, 'password', form.data.altcha);
    if (challenge !== null) return refuse([challenge]);

    const outcome = await accounts.changePassword({
      email,
      currentPassword,
      newPassword,
      ...requestOrigin(c),
      device: device.deviceFor(c, email, await accounts.credentialEpoch(email)),
    });
    if (outcome.status === 'refused') {
      const lock = lockIn(outcome.refusals);
      if (lock !== null) return lockedResponse(c, { frame, policy, email, refusal: lock, door: 'change' });
      const codes = outcome.refusals.map((refusal) => refusal.code);
      if (codes.includes('INVALID_CREDENTIALS')) await challenges.countFailure(c);
      return refuse(outcome.refusals);
    }
    // At the version the new password moved the account to: this browser keeps its standing.
    device.remember(c, email, outcome.version);
    await options.rememberLanguage?.(email, c.var.language);
    const prompt = (await afterPassword?.(c, email, outcome.version)) ?? null;
    return c.var.journeyEnd.finish(c, 'change', email, {
      outcome,
      back: microsoftReturnAddress(from),
      prompt,
    });
  });

  routes.get(JOURNEY_DONE_PATHS.change, (c) => journeyDonePage(c, 'change', frame));

  return routes;
}
