/** @jsxRuntime automatic @jsxImportSource preact */
import type { PasswordPolicy } from '@passgate/core/policy';
import { Hono } from 'hono';
import type { AccountService } from '../accounts/account-service.js';
import { CHANGE_FIELDS, type ChangeField } from '../http/change-fields.js';
import { changeFormSchema } from '../http/change-form-schema.js';
import { parseForm } from '../http/parse-form.js';
import { cleanFrom, readFromParam } from '../http/read-from-param.js';
import { formIssueWords, OUTCOME_STATUS, type PageCode, REFUSAL_TABLE } from '../http/refusal-table.js';
import { renderPage } from '../http/render-page.js';
import { OutcomePage } from '../views/outcome-page.js';
import type { PageFrame } from '../views/page-frame.js';
import type { ChangePageBuilder, FormProblem } from './change-page-model.js';

export interface ChangeRoutesOptions {
  accounts: AccountService;
  policy: PasswordPolicy;
  frame: PageFrame;
  changePage: ChangePageBuilder;
}

const FIELD_ORDER = Object.keys(CHANGE_FIELDS) as ChangeField[];

function isChangeField(name: string): name is ChangeField {
  return (FIELD_ORDER as string[]).includes(name);
}

/** GET and POST /change: thin handlers that parse, ask the account service and render. */
export function changeRoutes(options: ChangeRoutesOptions): Hono {
  const { accounts, policy, frame, changePage } = options;
  const routes = new Hono();

  routes.get('/change', (c) => {
    const page = changePage({
      csrfToken: c.var.csrfToken,
      from: readFromParam(c.req.url),
      email: '',
      problems: [],
    });
    return renderPage(c, page);
  });

  routes.post('/change', async (c) => {
    const form = await parseForm(c, changeFormSchema, { echo: ['email', 'from'] });
    if (!form.ok) {
      // One message per field (the first), in the order the fields appear on the page.
      const problems: FormProblem[] = [];
      for (const field of FIELD_ORDER) {
        const issue = form.issues.find((candidate) => candidate.field === field);
        if (issue !== undefined && isChangeField(issue.field)) {
          problems.push({ field, words: formIssueWords(issue.code, field) });
        }
      }
      const from = cleanFrom(form.echo.from ?? '');
      const page = changePage({ csrfToken: c.var.csrfToken, from, email: form.echo.email ?? '', problems });
      return renderPage(c, page, 422);
    }

    const { email, currentPassword, newPassword, confirmPassword } = form.data;
    const from = cleanFrom(form.data.from ?? '');
    const refuse = (given: readonly PageCode[]): Response => {
      // A refusal without a reason would be a service bug; the vaguest honest answer is still shown.
      const codes = given.length === 0 ? (['INVALID_CREDENTIALS'] as const) : [...new Set(given)];
      const problems = codes.map((code) => ({
        field: REFUSAL_TABLE[code].field,
        words: REFUSAL_TABLE[code].words(policy),
      }));
      // The first reason decides the status: the service lists the most fundamental one first.
      const status = REFUSAL_TABLE[codes[0] ?? 'INVALID_CREDENTIALS'].status;
      return renderPage(c, changePage({ csrfToken: c.var.csrfToken, from, email, problems }), status);
    };

    // Decided here, before the service is asked: a typo is not an attempt against the account.
    if (newPassword !== confirmPassword) return refuse(['PASSWORDS_DO_NOT_MATCH']);

    const outcome = await accounts.changePassword({
      email,
      currentPassword,
      newPassword,
      clientIp: c.var.clientIp,
      userAgent: (c.req.header('user-agent') ?? '').slice(0, 512),
    });
    if (outcome.status === 'refused') return refuse(outcome.refusals.map((refusal) => refusal.code));
    return renderPage(c, <OutcomePage frame={frame} outcome={outcome} />, OUTCOME_STATUS[outcome.status]);
  });

  return routes;
}
