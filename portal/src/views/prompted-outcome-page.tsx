/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { AfterNewPassword } from '../recovery/security-info-service.js';
import { RemindLater } from './account-setup-page.js';
import { type AcceptedOutcome, outcomeWords, recoveryOutcomeWords } from './outcome-page.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';

export interface PromptedOutcomePageProps {
  frame: PageFrame;
  csrfToken: string;
  outcome: AcceptedOutcome;
  /** No old password was given (expired sign-in, reset or activation link). */
  recovery: boolean;
  prompt: Exclude<AfterNewPassword, { prompt: 'none' }>;
}

/**
 * The page after a password was accepted, when registration asks something of the person: the outcome as
 * OutcomePage says it, then the way on to security info (and, with registration required, "remind me later").
 */
export function PromptedOutcomePage(props: PromptedOutcomePageProps): VNode {
  const messages = useMessages();
  const { t } = messages;
  const words = props.recovery
    ? recoveryOutcomeWords(props.outcome, messages)
    : outcomeWords(props.outcome, messages);
  const { prompt } = props;
  return (
    <PageLayout frame={props.frame} title={words.title}>
      <div class="message" role="status">
        <h1>{words.title}</h1>
        {words.paragraphs.map((text) => (
          <p key={text}>{text}</p>
        ))}
      </div>
      {prompt.prompt === 'offer' ? (
        <p>
          <a href="/account">{t('prompt.offer')}</a>
        </p>
      ) : (
        <section class="prompt" aria-labelledby="prompt-title">
          <h2 id="prompt-title">{t('prompt.title')}</h2>
          <p>{t('prompt.text')}</p>
          {prompt.session === null ? (
            <p>
              <a class="button" href="/account">
                {t('prompt.signIn')}
              </a>
            </p>
          ) : (
            <>
              <p>
                <a class="button" href="/account/setup">
                  {t('prompt.setUpNow')}
                </a>
              </p>
              <RemindLater csrfToken={props.csrfToken} skipsLeft={prompt.skipsLeft} />
            </>
          )}
        </section>
      )}
    </PageLayout>
  );
}
