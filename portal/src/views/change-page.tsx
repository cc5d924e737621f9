/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { CameFrom } from './came-from.js';
import { ChallengeField, ChallengeScripts } from './challenge-field.js';
import type { PageChallenge } from './challenge-props.js';
import { EmailField } from './email-field.js';
import { type ErrorItem, ErrorSummary } from './error-summary.js';
import { OtherWays } from './other-ways.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';
import { PasswordFields } from './password-fields.js';
import { ISLAND_ROOT_ID, type PasswordFieldsProps } from './password-fields-props.js';
import { PasswordIslandScripts } from './password-island-scripts.js';
import { SupportNotice } from './support-notice.js';

export interface ChangePageProps {
  frame: PageFrame;
  csrfToken: string;
  /** The Microsoft page the user came from: displayed (escaped by Preact), never linked or followed. */
  from: string | null;
  /** The e-mail as typed, shown again after a refusal. Passwords are never shown again. */
  email: string;
  errors: readonly ErrorItem[];
  /** A refusal only support can help with (a suspended account): show how to reach them. */
  contactSupport: boolean;
  emailErrors: readonly string[];
  passwordFields: PasswordFieldsProps;
  /** The island's script URL, or null when it was not built. */
  islandSrc: string | null;
  /** The proof of work asked of a client that has typed many wrong passwords, or null. */
  challenge: PageChallenge | null;
}

/** GET /change and a refused POST /change: the change-password form. */
export function ChangePage(props: ChangePageProps): VNode {
  const { t } = useMessages();
  const heading = t('change.title');
  const title = props.errors.length > 0 ? t('page.errorTitle', { title: heading }) : heading;
  return (
    <PageLayout
      frame={props.frame}
      title={title}
      scripts={
        <>
          <PasswordIslandScripts
            passwordFields={props.passwordFields}
            islandSrc={props.islandSrc}
            island={props.frame.passwordIsland}
          />
          <ChallengeScripts challenge={props.challenge} />
        </>
      }
    >
      <ErrorSummary errors={props.errors} />
      {props.contactSupport && <SupportNotice frame={props.frame} />}
      <h1>{heading}</h1>
      <p class="lead">{t('change.lead', { organisation: props.frame.organisationName })}</p>
      {props.from !== null && (
        <CameFrom from={props.from} kind="change" organisationName={props.frame.organisationName} />
      )}
      <form class="form" method="post" action="/change" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.from !== null && <input type="hidden" name="from" value={props.from} />}
        <EmailField value={props.email} errors={props.emailErrors} />
        <div id={ISLAND_ROOT_ID}>
          <PasswordFields {...props.passwordFields} />
        </div>
        <ChallengeField challenge={props.challenge} />
        <button type="submit" class="button">
          {t('change.submit')}
        </button>
      </form>
      <OtherWays current="change" />
    </PageLayout>
  );
}
