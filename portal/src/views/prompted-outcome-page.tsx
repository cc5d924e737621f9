/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { OutcomePrompt } from '../http/journey-end.js';
import { RemindLater } from './account-setup-page.js';
import { NextSteps, type NextStepsProps } from './next-steps.js';
import { type AcceptedOutcome, type OutcomeKind, wordsFor } from './outcome-page.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';

export interface PromptedOutcomePageProps {
  frame: PageFrame;
  csrfToken: string;
  outcome: AcceptedOutcome;
  /** Whose words (outcome-page.tsx): a change, a recovery or a first password. */
  kind: OutcomeKind;
  prompt: OutcomePrompt;
  /** Microsoft 365's sign-in and the way back, after security info's ask. */
  next: NextStepsProps;
}

/**
 * The page after a password was accepted, when registration asks something of the person: the outcome as
 * OutcomePage says it, then the way on to security info (and, with registration required, "remind me later").
 */
export function PromptedOutcomePage(props: PromptedOutcomePageProps): VNode {
  const messages = useMessages();
  const { t } = messages;
  const words = wordsFor(props.kind, props.outcome, messages);
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
        <>
          <NextSteps {...props.next} />
          <p>
            <a href="/account">{t('prompt.offer')}</a>
          </p>
        </>
      ) : (
        <section class="prompt" aria-labelledby="prompt-title">
          <h2 id="prompt-title">{t('prompt.title')}</h2>
          <p>{t('prompt.text')}</p>
          {prompt.signedIn ? (
            <>
              <p>
                <a class="button" href="/account/setup">
                  {t('prompt.setUpNow')}
                </a>
              </p>
              <RemindLater csrfToken={props.csrfToken} skipsLeft={prompt.skipsLeft} />
            </>
          ) : (
            <p>
              <a class="button" href="/account">
                {t('prompt.signIn')}
              </a>
            </p>
          )}
        </section>
      )}
    </PageLayout>
  );
}
