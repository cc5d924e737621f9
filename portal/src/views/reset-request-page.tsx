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

export interface ResetRequestPageProps {
  frame: PageFrame;
  csrfToken: string;
  /** The Microsoft reset page the extension sent the user from: displayed, never followed. */
  from: string | null;
  email: string;
  errors: readonly ErrorItem[];
  emailErrors: readonly string[];
  /** The proof of work the form must carry (every reset request), or null when none is asked. */
  challenge: PageChallenge | null;
}

/** GET /reset and a refused POST /reset: asks whose password to reset (or account to unlock). */
export function ResetRequestPage(props: ResetRequestPageProps): VNode {
  const { t } = useMessages();
  const heading = t('reset.title');
  const title = props.errors.length > 0 ? t('page.errorTitle', { title: heading }) : heading;
  return (
    <PageLayout frame={props.frame} title={title} scripts={<ChallengeScripts challenge={props.challenge} />}>
      <ErrorSummary errors={props.errors} />
      <h1>{heading}</h1>
      <p class="lead">{t('reset.lead')}</p>
      {props.from !== null && (
        <CameFrom from={props.from} kind="reset" organisationName={props.frame.organisationName} />
      )}
      <form class="form" method="post" action="/reset" novalidate>
        <input type="hidden" name="_csrf" value={props.csrfToken} />
        {props.from !== null && <input type="hidden" name="from" value={props.from} />}
        <EmailField value={props.email} errors={props.emailErrors} />
        <ChallengeField challenge={props.challenge} />
        <button type="submit" class="button">
          {t('common.continue')}
        </button>
      </form>
      <OtherWays current="reset" />
    </PageLayout>
  );
}
