/** @jsxRuntime automatic @jsxImportSource preact */
import type { ComponentChildren, VNode } from 'preact';
import { type ErrorItem, ErrorSummary } from './error-summary.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';
import { PasswordFields } from './password-fields.js';
import { ISLAND_ROOT_ID, type PasswordFieldsProps } from './password-fields-props.js';
import { PasswordIslandScripts } from './password-island-scripts.js';
import { SupportNotice } from './support-notice.js';

export interface NewPasswordPageProps {
  frame: PageFrame;
  csrfToken: string;
  heading: string;
  lead: string;
  /** Where the form posts: a fixed path, never one with the token in it. */
  action: '/signin/new-password' | '/reset/confirm' | '/reset/new-password' | '/activate';
  /** A link's token, sent back in a hidden field; null for the sign-in session (it is in a cookie). */
  token: string | null;
  /** Whose password this is: shown, and given to password managers as the username. */
  email: string;
  submitLabel: string;
  errors: readonly ErrorItem[];
  contactSupport: boolean;
  passwordFields: PasswordFieldsProps;
  islandSrc: string | null;
  /** After the form, e.g. /reset's "unlock and keep your password" for a locked account. */
  after?: ComponentChildren;
}

/** Choosing a new password without the current one: after an expired sign-in, or from a reset or activation link. */
export function NewPasswordPage(props: NewPasswordPageProps): VNode {
  const { t } = useMessages();
  const title = props.errors.length > 0 ? t('page.errorTitle', { title: props.heading }) : props.heading;
  return (
    <PageLayout
      frame={props.frame}
      title={title}
      scripts={
        <PasswordIslandScripts
          passwordFields={props.passwordFields}
          islandSrc={props.islandSrc}
          island={props.frame.passwordIsland}
        />
      }
    >
      <ErrorSummary errors={props.errors} />
      {props.contactSupport && <SupportNotice frame={props.frame} />}
      <h1>{props.heading}</h1>
      <p class="lead">{props.lead}</p>
      <form class="form" method="post" action={props.action} novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.token !== null && <input type="hidden" name="token" value={props.token} />}
        <p class="account">
          {t('newPassword.account')} <strong>{props.email}</strong>
        </p>
        {/* Not posted (no name): tells password managers which account the new password belongs to. */}
        <input type="email" autocomplete="username" value={props.email} hidden readonly />
        <div id={ISLAND_ROOT_ID}>
          <PasswordFields {...props.passwordFields} />
        </div>
        <button type="submit" class="button">
          {props.submitLabel}
        </button>
      </form>
      {props.after}
    </PageLayout>
  );
}
