import type { RefusalCode } from '@passgate/core/codes';
import type { PasswordPolicy } from '@passgate/core/policy';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Refusal } from '../accounts/account-service.js';
import type { LimitEnd } from '../accounts/limit-end.js';
import { REFUSAL_TABLE } from '../http/refusal-table.js';
import type { AccountProblem } from '../views/account-problems.js';

/** A service's refusal (a code, and which rate limit when that refused) as the refusal table reads it. */
export type RecoveryRefusal = { code: RefusalCode; limit?: LimitEnd | undefined };

/** `given` as a Refusal: its code, and its rate limit when it has one. */
export function refusalOf(given: RefusalCode | RecoveryRefusal): Refusal & { code: RefusalCode } {
  if (typeof given === 'string') return { code: given };
  return given.limit === undefined ? { code: given.code } : { code: given.code, limit: given.limit };
}

/** A refusal as a security-info page shows it: the table's words, linked to the page's own input. */
export function refusalProblem(
  given: RefusalCode | RecoveryRefusal,
  fieldId: string | null,
  policy: PasswordPolicy,
): { problems: AccountProblem[]; status: ContentfulStatusCode } {
  const refusal = refusalOf(given);
  const { code } = refusal;
  const entry = REFUSAL_TABLE[code];
  // Only a code the person can fix by typing again points at the input.
  const typed = code === 'CODE_INVALID' || code === 'CODE_ALREADY_USED' || code === 'PERSONAL_EMAIL_IS_WORK';
  return {
    problems: [{ fieldId: typed ? fieldId : null, words: entry.words(policy, refusal) }],
    status: entry.status,
  };
}

/** A form field that failed parsing (empty, malformed, too long): answered with 422. */
export function fieldProblem(fieldId: string, words: string): { problems: AccountProblem[]; status: 422 } {
  return { problems: [{ fieldId, words }], status: 422 };
}
