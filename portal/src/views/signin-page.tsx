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

export interface SignInPageProps {
  frame: PageFrame;
  csrfToken: string;
  email: string;
  errors: readonly ErrorItem[];
  emailErrors: readonly string[];
  passwordErrors: readonly string[];
  contactSupport: boolean;
  /** The proof of work asked of a client that has typed many wrong passwords, or null. */
  challenge: PageChallenge | null;
}

const { currentPassword } = CHANGE_FIELDS;

/** GET /signin and a refused POST /signin: where someone whose password has expired proves who they are. */
export function SignInPage(props: SignInPageProps): VNode {
  const title = props.errors.length > 0 ? 'Error: Sign in' : 'Sign in';
  return (
    <PageLayout frame={props.frame} title={title} scripts={<ChallengeScripts challenge={props.challenge} />}>
      <ErrorSummary errors={props.errors} />
      {props.contactSupport && <SupportNotice frame={props.frame} />}
      <h1>Sign in</h1>
      <p class="lead">
        Has Microsoft 365 told you that your password has expired? Sign in here with that password, then
        choose a new one. Microsoft 365 will use the new password and let you in again.
      </p>
      <form class="form" method="post" action="/signin" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <EmailField value={props.email} errors={props.emailErrors} />
        <PasswordInput
          id={currentPassword.id}
          name={currentPassword.name}
          label="Password"
          hint="Your current password, even if it has expired."
          autocomplete="current-password"
          errors={props.passwordErrors}
          enhanced={false}
          shown={false}
        />
        <ChallengeField challenge={props.challenge} />
        <button type="submit" class="button">
          Continue
        </button>
      </form>
      <PasskeySignIn
        islandSrc={props.frame.passkeyIslandSrc}
        csrfToken={props.csrfToken}
        purpose="expired_sign_in"
        action="/signin/passkey"
        heading="Or use a passkey"
        intro="Added a passkey to your security info? It proves who you are without the expired password, and then you choose a new one."
        button="Sign in with a passkey"
        autofillInputId="email"
      />
      <OtherWays current="signin" />
    </PageLayout>
  );
}
