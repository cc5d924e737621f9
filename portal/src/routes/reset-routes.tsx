/** @jsxRuntime automatic @jsxImportSource preact */
import { Hono } from 'hono';
import type { AccountService } from '../accounts/account-service.js';
import type { ChangeField } from '../http/change-fields.js';
import { parseForm } from '../http/parse-form.js';
import { cleanFrom, readFromParam } from '../http/read-from-param.js';
import { resetRequestFormSchema } from '../http/recovery-form-schemas.js';
import { renderPage } from '../http/render-page.js';
import { requestOrigin } from '../http/request-origin.js';
import { MessagePage } from '../views/message-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { ResetRequestPage } from '../views/reset-request-page.js';
import { issueProblems, showProblems } from './form-problems.js';

export interface ResetRoutesOptions {
  accounts: AccountService;
  frame: PageFrame;
  /** How long a reset link works, for the answer page's words. */
  linkMinutes: number;
}

const FIELDS: readonly ChangeField[] = ['email'];

/**
 * GET/POST /reset: asks for an address and always gives the same answer, so the page never says
 * whether an account exists (the service also takes the same time either way and rate-limits).
 */
export function resetRoutes(options: ResetRoutesOptions): Hono {
  const { accounts, frame } = options;
  const routes = new Hono();

  routes.get('/reset', (c) => {
    const page = (
      <ResetRequestPage
        frame={frame}
        csrfToken={c.var.csrfToken}
        from={readFromParam(c.req.url)}
        email=""
        errors={[]}
        emailErrors={[]}
      />
    );
    return renderPage(c, page);
  });

  routes.post('/reset', async (c) => {
    const form = await parseForm(c, resetRequestFormSchema, { echo: ['email', 'from'] });
    if (!form.ok) {
      // Only the shape of what was typed is judged here, never whether an account has that address.
      const shown = showProblems(issueProblems(form.issues, FIELDS));
      const page = (
        <ResetRequestPage
          frame={frame}
          csrfToken={c.var.csrfToken}
          from={cleanFrom(form.echo.from ?? '')}
          email={form.echo.email ?? ''}
          errors={shown.summary}
          emailErrors={shown.byField.email}
        />
      );
      return renderPage(c, page, 422);
    }
    await accounts.requestReset({ email: form.data.email, ...requestOrigin(c) });
    // The same bytes for every address: no e-mail echoed, nothing that depends on the account.
    const page = (
      <MessagePage
        frame={frame}
        title="Check your e-mail"
        paragraphs={[
          `If an account exists for that address, we have sent a link to it. The link works once, for ${options.linkMinutes} minutes.`,
          'No e-mail after a few minutes? Check your junk or spam folder, or ask for another link. Any link we sent you works until you use one of them.',
          'If your account is suspended, the e-mail tells you how to reach IT support instead.',
        ]}
        link={{ href: '/reset', text: 'Send another link' }}
        role="status"
      />
    );
    return renderPage(c, page);
  });

  return routes;
}
