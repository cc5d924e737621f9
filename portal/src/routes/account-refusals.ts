import type { RefusalCode } from '@passgate/core/codes';
import type { PasswordPolicy } from '@passgate/core/policy';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import type { AccountProblem } from '../views/account-problems.js';

/** A refusal as a security-info page shows it: the table's words, linked to the page's own input. */
export function refusalProblem(
  code: RefusalCode,
  fieldId: string | null,
  policy: PasswordPolicy,
): { problems: AccountProblem[]; status: ContentfulStatusCode } {
  const entry = REFUSAL_TABLE[code];
  // Only a code the person can fix by typing again points at the input.
  const typed = code === 'CODE_INVALID' || code === 'CODE_ALREADY_USED' || code === 'PERSONAL_EMAIL_IS_WORK';
  return {
    problems: [{ fieldId: typed ? fieldId : null, words: entry.words(policy) }],
    status: entry.status,
  };
}

/** A form field that failed parsing (empty, malformed, too long): answered with 422. */
export function fieldProblem(fieldId: string, words: string): { problems: AccountProblem[]; status: 422 } {
  return { problems: [{ fieldId, words }], status: 422 };
}
