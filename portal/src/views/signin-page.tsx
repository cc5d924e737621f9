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
  /** Where the person came from (read-from-param.ts), carried to the form's POST for "Back to where you were". */
  from?: string | null;
}

const { currentPassword } = CHANGE_FIELDS;

/** GET /signin and a refused POST /signin: where someone whose password has expired proves who they are. */
export function SignInPage(props: SignInPageProps): VNode {
  const { t } = useMessages();
  const heading = t('signin.title');
  const title = props.errors.length > 0 ? t('page.errorTitle', { title: heading }) : heading;
  return (
    <PageLayout frame={props.frame} title={title} scripts={<ChallengeScripts challenge={props.challenge} />}>
      <ErrorSummary errors={props.errors} />
      {props.contactSupport && <SupportNotice frame={props.frame} />}
      <h1>{heading}</h1>
      <p class="lead">{t('signin.lead')}</p>
      <p>
        {/* One door for an expired password, two forms: /change takes it too (the same service and result). */}
        <a href="/change">{t('signin.changeToo')}</a>
      </p>
      <form class="form" method="post" action="/signin" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.from != null && <input type="hidden" name="from" value={props.from} />}
        <EmailField value={props.email} errors={props.emailErrors} />
        <PasswordInput
          id={currentPassword.id}
          name={currentPassword.name}
          label={t('field.password')}
          hint={t('signin.passwordHint')}
          autocomplete="current-password"
          errors={props.passwordErrors}
          enhanced={false}
          shown={false}
        />
        <ChallengeField challenge={props.challenge} />
        <button type="submit" class="button">
          {t('common.continue')}
        </button>
      </form>
      <PasskeySignIn
        islandSrc={props.frame.passkeyIslandSrc}
        csrfToken={props.csrfToken}
        purpose="expired_sign_in"
        action="/signin/passkey"
        heading={t('signin.passkeyHeading')}
        intro={t('signin.passkeyIntro')}
        button={t('signin.passkeyButton')}
        autofillInputId="email"
        from={props.from}
      />
      <OtherWays current="signin" />
    </PageLayout>
  );
}
