/** @jsxRuntime automatic @jsxImportSource preact */
import { describeRequirements, type PasswordPolicy } from '@passgate/core/policy';
import type { VNode } from 'preact';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import type { PageChallenge } from '../views/challenge-props.js';
import { ChangePage } from '../views/change-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { type FormProblem, showProblems } from './form-problems.js';

export type { FormProblem } from './form-problems.js';

export interface ChangePageRequest {
  csrfToken: string;
  from: string | null;
  email: string;
  problems: readonly FormProblem[];
  /** The proof of work this client is asked for, or null (the default). */
  challenge?: PageChallenge | null;
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
    const { summary, byField, contactSupport } = showProblems(request.problems);
    const passwordFields = {
      policy: browserPolicy,
      requirements,
      errors: {
        currentPassword: byField.currentPassword,
        newPassword: byField.newPassword,
        confirmPassword: byField.confirmPassword,
      },
      emailInputId: CHANGE_FIELDS.email.id,
      askCurrent: true,
      context: null,
    };
    return (
      <ChangePage
        frame={options.frame}
        csrfToken={request.csrfToken}
        from={request.from}
        email={request.email}
        errors={summary}
        contactSupport={contactSupport}
        emailErrors={byField.email}
        passwordFields={passwordFields}
        islandSrc={options.islandSrc}
        challenge={request.challenge ?? null}
      />
    );
  };
}
