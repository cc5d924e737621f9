/** @jsxRuntime automatic @jsxImportSource preact */
import {
  describeRequirements,
  type PasswordContext,
  type PasswordPolicy,
  type Requirement,
} from '@passgate/core/policy';
import type { VNode } from 'preact';
import { currentMessages } from '../http/request-messages.js';
import { NewPasswordPage, type NewPasswordPageProps } from '../views/new-password-page.js';
import type { PageFrame } from '../views/page-frame.js';
import { type FormProblem, showProblems } from './form-problems.js';

/** Why the person is choosing a password without giving the current one. */
export type NewPasswordKind = 'expired' | 'reset' | 'reset_flow' | 'activation';

export interface NewPasswordPageRequest {
  kind: NewPasswordKind;
  csrfToken: string;
  /** The link's token for reset and activation; null for an expired sign-in (its session is a cookie). */
  token: string | null;
  email: string;
  displayName: string | null;
  /** What the island needs to check CONTAINS_USERNAME and friends live. */
  context: PasswordContext;
  /** How many of the person's passwords the history rule compares against (accounts.passwordsOnRecord). */
  passwordsOnRecord: number;
  problems: readonly FormProblem[];
  /** Shown after the form (reset_flow: unlocking instead, for a locked account). */
  after?: VNode | null;
}

export type NewPasswordPageBuilder = (request: NewPasswordPageRequest) => VNode;

const ACTION: Record<NewPasswordKind, NewPasswordPageProps['action']> = {
  expired: '/signin/new-password',
  reset: '/reset/confirm',
  reset_flow: '/reset/new-password',
  activation: '/activate',
};

function words(request: NewPasswordPageRequest): { heading: string; lead: string; submitLabel: string } {
  const { t } = currentMessages();
  switch (request.kind) {
    case 'expired':
      return {
        heading: t('newPassword.chooseTitle'),
        lead: t('newPassword.expiredLead'),
        submitLabel: t('newPassword.setNew'),
      };
    case 'reset_flow':
      return {
        heading: t('newPassword.chooseTitle'),
        lead: t('newPassword.provenLead'),
        submitLabel: t('newPassword.setNew'),
      };
    case 'reset':
      return {
        heading: t('newPassword.chooseTitle'),
        lead: t('newPassword.resetLead'),
        submitLabel: t('newPassword.setNew'),
      };
    case 'activation':
      return {
        heading: t('activation.title'),
        lead:
          request.displayName === null
            ? t('activation.lead')
            : t('activation.leadNamed', { name: request.displayName }),
        submitLabel: t('activation.submit'),
      };
  }
}

/**
 * The history rule as it applies to this person: "not one of your last N passwords" would be about passwords
 * they never had when they have none yet (a welcome link, an account imported without one), so it is left
 * out; with fewer than N it names the ones there are. The server still runs the rule either way.
 */
function historyAsKnown(requirements: readonly Requirement[], onRecord: number): Requirement[] {
  if (onRecord === 0) return requirements.filter((requirement) => requirement.code !== 'REUSED');
  return requirements.map((requirement) => {
    if (requirement.code !== 'REUSED') return requirement;
    const count = Number(requirement.message.values?.count ?? onRecord);
    if (count <= onRecord) return requirement;
    return {
      ...requirement,
      message: { ...requirement.message, values: { ...requirement.message.values, count: onRecord } },
    };
  });
}

/** Builds the set-a-new-password page (expired sign-in, reset link, activation link); config-only parts are computed once. */
export function newPasswordPageBuilder(options: {
  frame: PageFrame;
  policy: PasswordPolicy;
  islandSrc: string | null;
}): NewPasswordPageBuilder {
  const requirements = describeRequirements(options.policy);
  // As on the change page: the admin's banned terms stay on the server.
  const browserPolicy: PasswordPolicy = { ...options.policy, bannedTerms: [] };

  return function newPasswordPage(request) {
    const { summary, byField, contactSupport } = showProblems(request.problems);
    const firstPassword = request.passwordsOnRecord === 0;
    return (
      <NewPasswordPage
        frame={options.frame}
        csrfToken={request.csrfToken}
        {...words(request)}
        action={ACTION[request.kind]}
        token={request.token}
        email={request.email}
        errors={summary}
        contactSupport={contactSupport}
        passwordFields={{
          policy: browserPolicy,
          requirements: historyAsKnown(requirements, request.passwordsOnRecord),
          errors: {
            currentPassword: [],
            newPassword: byField.newPassword,
            confirmPassword: byField.confirmPassword,
          },
          emailInputId: null,
          askCurrent: false,
          context: request.context,
          firstPassword,
        }}
        islandSrc={options.islandSrc}
        after={request.after ?? null}
      />
    );
  };
}
