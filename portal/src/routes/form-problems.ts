import type { PasswordPolicy } from '@passgate/core/policy';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Refusal } from '../accounts/account-service.js';
import { CHANGE_FIELDS, type ChangeField } from '../http/change-fields.js';
import type { FormIssue } from '../http/parse-form.js';
import { formIssueWords, type PageCode, REFUSAL_TABLE } from '../http/refusal-table.js';
import type { ErrorItem } from '../views/error-summary.js';

/** One problem to show: which field can fix it (or none) and the words for it. */
export interface FormProblem {
  field: ChangeField | null;
  words: string;
  /** Only the organisation's support can help (see REFUSAL_TABLE's contactSupport). */
  contactSupport?: boolean;
}

function isField(name: string, fields: readonly ChangeField[]): name is ChangeField {
  return (fields as readonly string[]).includes(name);
}

/** One message per field that failed parsing (its first issue), in the order the fields appear on the page. */
export function issueProblems(issues: readonly FormIssue[], fields: readonly ChangeField[]): FormProblem[] {
  const problems: FormProblem[] = [];
  for (const field of fields) {
    const issue = issues.find((candidate) => candidate.field === field);
    if (issue !== undefined && isField(issue.field, fields)) {
      problems.push({ field, words: formIssueWords(issue.code, field) });
    }
  }
  return problems;
}

/**
 * The problems for refusals and the status to answer with (the first one's: the service lists the most
 * fundamental first). Give the service's refusals themselves where the page has them, not only their
 * codes: their words may say more (which rate limit, for how long).
 */
export function refusalProblems(
  given: readonly (PageCode | Refusal)[],
  policy: PasswordPolicy,
): { problems: FormProblem[]; status: ContentfulStatusCode } {
  const seen = new Set<PageCode>();
  const refusals: Refusal[] = [];
  for (const item of given) {
    const refusal = typeof item === 'string' ? { code: item } : item;
    if (!seen.has(refusal.code)) refusals.push(refusal);
    seen.add(refusal.code);
  }
  // A refusal without a reason would be a service bug; the vaguest honest answer is still shown.
  if (refusals.length === 0) refusals.push({ code: 'INVALID_CREDENTIALS' });
  const problems = refusals.map((refusal) => ({
    field: REFUSAL_TABLE[refusal.code].field,
    words: REFUSAL_TABLE[refusal.code].words(policy, refusal),
    contactSupport: REFUSAL_TABLE[refusal.code].contactSupport === true,
  }));
  return { problems, status: REFUSAL_TABLE[refusals[0]?.code ?? 'INVALID_CREDENTIALS'].status };
}

export interface ShownProblems {
  /** For the error summary, each linked to the input that fixes it. */
  summary: ErrorItem[];
  /** Words beside each input. */
  byField: Record<ChangeField, string[]>;
  contactSupport: boolean;
}

/** Splits problems into the error summary and the words beside each field. */
export function showProblems(problems: readonly FormProblem[]): ShownProblems {
  const byField: Record<ChangeField, string[]> = {
    email: [],
    currentPassword: [],
    newPassword: [],
    confirmPassword: [],
  };
  const summary: ErrorItem[] = [];
  for (const problem of problems) {
    if (problem.field !== null) byField[problem.field].push(problem.words);
    summary.push({
      fieldId: problem.field === null ? null : CHANGE_FIELDS[problem.field].id,
      words: problem.words,
    });
  }
  return { summary, byField, contactSupport: problems.some((problem) => problem.contactSupport === true) };
}
