/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { CHANGE_FIELDS } from '../http/change-fields.js';
import { ChallengeField, ChallengeScripts } from './challenge-field.js';
import type { PageChallenge } from './challenge-props.js';
import { EmailField } from './email-field.js';
import { type ErrorItem, ErrorSummary } from './error-summary.js';
import { OtherWays } from './other-ways.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
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
  const { t } = useMessages();
  const heading = t('accountSignin.title');
  return (
    <PageLayout
      frame={props.frame}
      title={props.errors.length > 0 ? t('page.errorTitle', { title: heading }) : heading}
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
      <p class="lead">{t('accountSignin.lead')}</p>
      <form class="form" method="post" action="/account/signin" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        <EmailField value={props.email} errors={props.emailErrors} />
        <PasswordInput
          id={currentPassword.id}
          name={currentPassword.name}
          label={t('field.password')}
          hint={t('accountSignin.passwordHint')}
          autocomplete="current-password"
          errors={props.passwordErrors}
          enhanced={false}
          shown={false}
        />
        <ChallengeField challenge={props.challenge} />
        <button type="submit" class="button">
          {t('signin.title')}
        </button>
      </form>
      <PasskeySignIn
        islandSrc={props.frame.passkeyIslandSrc}
        csrfToken={props.csrfToken}
        purpose="account"
        action="/account/passkey"
        heading={t('signin.passkeyButton')}
        intro={t('accountSignin.passkeyIntro')}
        button={t('signin.passkeyButton')}
        autofillInputId="email"
      />
      <OtherWays current="account" />
    </PageLayout>
  );
}
