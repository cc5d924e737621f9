/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { AfterNewPassword } from '../recovery/security-info-service.js';
import { RemindLater } from './account-setup-page.js';
import { type AcceptedOutcome, outcomeWords, recoveryOutcomeWords } from './outcome-page.js';
import type { PageFrame } from './page-frame.js';
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
  const words = props.recovery ? recoveryOutcomeWords(props.outcome) : outcomeWords(props.outcome);
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
          <a href="/account">Add ways to get back in if you forget your password</a>
        </p>
      ) : (
        <section class="prompt" aria-labelledby="prompt-title">
          <h2 id="prompt-title">Next: set up ways to get back in</h2>
          <p>
            Your organisation asks you to add ways to prove who you are, such as a personal e-mail address or
            an authenticator app, for when you forget your password or cannot reach Microsoft 365.
          </p>
          {prompt.session === null ? (
            <p>
              <a class="button" href="/account">
                Sign in to your security info
              </a>
            </p>
          ) : (
            <>
              <p>
                <a class="button" href="/account/setup">
                  Set up now
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
