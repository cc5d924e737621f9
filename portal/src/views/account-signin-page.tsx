/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import { ChallengeField, ChallengeScripts } from './challenge-field.js';
import type { PageChallenge } from './challenge-props.js';
import { EmailField } from './email-field.js';
import { type ErrorItem, ErrorSummary } from './error-summary.js';
import { OtherWays } from './other-ways.js';
import type { PageFrame } from './page-frame.js';
import { PageLayout } from './page-layout.js';
import { PasskeySignIn } from './passkey-sign-in.js';
import { PasswordInput } from './password-input.js';
import { SupportNotice } from './support-notice.js';

export interface AccountSignInPageProps {
  frame: PageFrame;
  csrfToken: string;
  email: string;
  errors: readonly ErrorItem[];
  emailErrors: readonly string[];
  passwordErrors: readonly string[];
  contactSupport: boolean;
  /** Why the person is here again (their security-info session ended), or null. */
  notice: string | null;
  /** The proof of work asked of a client that has typed many wrong passwords (as at /signin), or null. */
  challenge: PageChallenge | null;
}

const { currentPassword } = CHANGE_FIELDS;

/** GET /account without a session, and a refused POST /account/signin. */
export function AccountSignInPage(props: AccountSignInPageProps): VNode {
  const heading = 'Sign in to your security info';
  return (
    <PageLayout
      frame={props.frame}
      title={props.errors.length > 0 ? `Error: ${heading}` : heading}
      scripts={<ChallengeScripts challenge={props.challenge} />}
    >
      <ErrorSummary errors={props.errors} />
      {props.contactSupport && <SupportNotice frame={props.frame} />}
      <h1>{heading}</h1>
      {props.notice !== null && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      <p class="lead">
        Your security info is how you prove who you are when you forget your password or cannot reach
        Microsoft 365: a personal e-mail address, an authenticator app, passkeys, recovery codes. Sign in with
        your password, or with a passkey you added, to see and change it.
      </p>
      <form class="form" method="post" action="/account/signin" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <EmailField value={props.email} errors={props.emailErrors} />
        <PasswordInput
          id={currentPassword.id}
          name={currentPassword.name}
          label="Password"
          hint="Your current password."
          autocomplete="current-password"
          errors={props.passwordErrors}
          enhanced={false}
          shown={false}
        />
        <ChallengeField challenge={props.challenge} />
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
      <PasskeySignIn
        islandSrc={props.frame.passkeyIslandSrc}
        csrfToken={props.csrfToken}
        purpose="account"
        action="/account/passkey"
        heading="Sign in with a passkey"
        intro="No password needed: a passkey you added here proves it is you. Your browser can also offer it when you choose your e-mail address above."
        button="Sign in with a passkey"
        autofillInputId="email"
      />
      <OtherWays current="account" />
    </PageLayout>
  );
}
