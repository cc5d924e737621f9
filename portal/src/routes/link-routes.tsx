/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AccountService, LinkPurpose, LinkView } from '../accounts/account-service.js';
import type { ChangeField } from '../http/change-fields.js';
import { JOURNEY_DONE_PATHS } from '../http/journey-end.js';
import { parseForm } from '../http/parse-form.js';
import { newPasswordFormSchema } from '../http/recovery-form-schemas.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { currentMessages } from '../http/request-messages.js';
import { requestOrigin } from '../http/request-origin.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import type { AfterPasswordPage } from './account-prompt.js';
import { type FormProblem, issueProblems, refusalProblems } from './form-problems.js';
import { journeyDonePage } from './journey-done-page.js';
import type { NewPasswordPageBuilder } from './new-password-page-model.js';
import { suspendedResponse } from './suspended-response.js';

export interface LinkRoutesOptions {
  accounts: AccountService;
  policy: PasswordPolicy;
  frame: PageFrame;
  newPasswordPage: NewPasswordPageBuilder;
  /** Security info's registration prompt after the new password (absent: the outcome page alone). */
  afterPassword?: AfterPasswordPage | undefined;
}

const FIELDS: readonly ChangeField[] = ['newPassword', 'confirmPassword'];
const PATHS: Record<LinkPurpose, '/reset/confirm' | '/activate'> = {
  reset: '/reset/confirm',
  activation: '/activate',
};

/**
 * GET/POST /reset/confirm and /activate: the pages a mailed link opens. GET shows the form only for a
 * link the service still honours; the token goes back in a hidden field (the form posts to a path
 * without it), and the request log records paths, never query strings.
 */
export function linkRoutes(options: LinkRoutesOptions): Hono {
  const { accounts, policy, frame, newPasswordPage, afterPassword } = options;
  const routes = new Hono();

  const linkInvalid = (c: Context): Response => {
    const entry = REFUSAL_TABLE.LINK_INVALID;
    const { t } = currentMessages();
    const page = (
      <MessagePage
        frame={frame}
        title={t('link.invalidTitle')}
        paragraphs={[
          entry.words(policy),
          // Said for every unusable link, so it tells nobody which accounts are suspended.
          t('link.suspended'),
        ]}
        link={{ href: '/reset', text: t('error.requestNewLink') }}
        role="alert"
        support
      />
    );
    return renderPage(c, page, entry.status);
  };

  const suspended = (c: Context): Response => suspendedResponse(c, frame, policy);

  const form = async (
    c: Context,
    purpose: LinkPurpose,
    token: string,
    link: LinkView,
    problems: readonly FormProblem[],
    status: ContentfulStatusCode = 200,
  ): Promise<Response> => {
    const context = await accounts.passwordContextFor(link.email);
    const page = newPasswordPage({
      kind: purpose,
      csrfToken: c.var.csrfToken,
      token,
      email: link.email,
      displayName: link.displayName,
      context,
      passwordsOnRecord: await accounts.passwordsOnRecord(link.email),
      problems,
    });
    return renderPage(c, page, status);
  };

  for (const purpose of ['reset', 'activation'] as const) {
    const path = PATHS[purpose];

    routes.get(path, async (c) => {
      const token = c.req.query('token') ?? '';
      const link = token === '' || token.length > 200 ? null : await accounts.getLink(token, purpose);
      if (link === null) return linkInvalid(c);
      if (link === 'suspended') return suspended(c);
      return form(c, purpose, token, link, []);
    });

    routes.post(path, async (c) => {
      const parsed = await parseForm(c, newPasswordFormSchema, { echo: ['token'] });
      const token = parsed.ok ? (parsed.data.token ?? '') : (parsed.echo.token ?? '');
      const link = token === '' || token.length > 200 ? null : await accounts.getLink(token, purpose);
      if (link === null) return linkInvalid(c);
      if (link === 'suspended') return suspended(c);
      if (!parsed.ok) return form(c, purpose, token, link, issueProblems(parsed.issues, FIELDS), 422);
      const { newPassword, confirmPassword } = parsed.data;
      if (newPassword !== confirmPassword) {
        return form(
          c,
          purpose,
          token,
          link,
          refusalProblems(['PASSWORDS_DO_NOT_MATCH'], policy).problems,
          422,
        );
      }
      const outcome = await accounts.setPasswordWithLink({
        token,
        purpose,
        newPassword,
        ...requestOrigin(c),
      });
      if (outcome.status === 'refused') {
        const codes = outcome.refusals.map((refusal) => refusal.code);
        if (codes.includes('LINK_INVALID')) return linkInvalid(c);
        if (codes.includes('ACCOUNT_SUSPENDED')) return suspended(c);
        const { problems, status } = refusalProblems(codes, policy);
        return form(c, purpose, token, link, problems, status);
      }
      const prompt = (await afterPassword?.(c, link.email, outcome.version)) ?? null;
      // 303 to the outcome's own page: a reload shows it again and posts nothing.
      return c.var.journeyEnd.finish(c, purpose, link.email, { outcome, back: null, prompt });
    });
  }

  // Also the outcome page of /reset/new-password (reset-finish-routes.tsx): a reset ends here either way.
  for (const journey of ['reset', 'activation'] as const)
    routes.get(JOURNEY_DONE_PATHS[journey], (c) => journeyDonePage(c, journey, frame));

  return routes;
}
