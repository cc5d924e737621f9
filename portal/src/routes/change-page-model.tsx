/** @jsxRuntime automatic @jsxImportSource preact */
import { describeRequirements, type PasswordPolicy } from '@passgate/core/policy';
import type { VNode } from 'preact';
import { CHANGE_FIELDS, type ChangeField } from '../http/change-fields.js';
import { ChangePage } from '../views/change-page.js';
import type { ErrorItem } from '../views/error-summary.js';
import type { PageFrame } from '../views/page-frame.js';

/** One problem to show: which field can fix it (or none) and the words for it. */
export interface FormProblem {
  field: ChangeField | null;
  words: string;
}

export interface ChangePageRequest {
  csrfToken: string;
  from: string | null;
  email: string;
  problems: readonly FormProblem[];
}

/** Builds the change page for a request; what depends only on config is computed once. */
export type ChangePageBuilder = (request: ChangePageRequest) => VNode;

export function changePageBuilder(options: {
  frame: PageFrame;
  policy: PasswordPolicy;
  islandSrc: string | null;
}): ChangePageBuilder {
  // Listed from the browser's point of view (no common-password list there), so COMMON_PASSWORD
  // and BANNED are marked "checked when you submit": the server's verdict may still differ.
  const requirements = describeRequirements(options.policy);
  // The admin's banned terms stay on the server: the browser cannot finish that check anyway.
  const browserPolicy: PasswordPolicy = { ...options.policy, bannedTerms: [] };

  return function changePage(request) {
    const byField: Record<ChangeField, string[]> = {
      email: [],
      currentPassword: [],
      newPassword: [],
      confirmPassword: [],
    };
    const errors: ErrorItem[] = [];
    for (const problem of request.problems) {
      if (problem.field !== null) byField[problem.field].push(problem.words);
      errors.push({
        fieldId: problem.field === null ? null : CHANGE_FIELDS[problem.field].id,
        words: problem.words,
      });
    }
    const passwordFields = {
      policy: browserPolicy,
      requirements,
      errors: {
        currentPassword: byField.currentPassword,
        newPassword: byField.newPassword,
        confirmPassword: byField.confirmPassword,
      },
      emailInputId: CHANGE_FIELDS.email.id,
    };
    return (
      <ChangePage
        frame={options.frame}
        csrfToken={request.csrfToken}
        from={request.from}
        email={request.email}
        errors={errors}
        emailErrors={byField.email}
        passwordFields={passwordFields}
        islandSrc={options.islandSrc}
      />
    );
  };
}
