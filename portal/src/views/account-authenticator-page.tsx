/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { TotpSetup } from '../recovery/authenticator.js';
import { groupSecret } from '../recovery/totp.js';
import { type AccountProblem, errorsFor, summaryOf } from './account-problems.js';
import { CodeField } from './code-field.js';
import { ErrorSummary } from './error-summary.js';
import type { PageFrame } from './page-frame.js';
import { PageLayout } from './page-layout.js';

export const TOTP_CODE_FIELD = 'code';

export interface AccountAuthenticatorPageProps {
  frame: PageFrame;
  csrfToken: string;
  /** The setup in progress; null when none is (never started, or it ran out): the page offers to start. */
  setup: TotpSetup | null;
  email: string;
  organisation: string;
  problems: readonly AccountProblem[];
}

/** GET/POST /account/authenticator: scan the QR code (or type the key), then the first code proves it. */
export function AccountAuthenticatorPage(props: AccountAuthenticatorPageProps): VNode {
  const { setup, problems, csrfToken } = props;
  const heading = 'Add an authenticator app';
  return (
    <PageLayout frame={props.frame} title={problems.length > 0 ? `Error: ${heading}` : heading}>
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {setup === null ? (
        <form method="post" action="/account/authenticator">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <p class="lead">Start again: you will get a new QR code to scan.</p>
          <button type="submit" class="button">
            Start adding the app
          </button>
        </form>
      ) : (
        <>
          <p class="lead">
            Use any app that makes 6-digit codes, such as Microsoft Authenticator or Google Authenticator.
          </p>
          <ol class="steps">
            <li class="steps__item">
              <p>In the app, add an account and scan this QR code.</p>
              <div
                class="qr"
                role="img"
                aria-label="QR code to add your account to an authenticator app"
                // The SVG is made here from the key URI (uqr): no markup from anyone else reaches the page.
                dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
              />
            </li>
            <li class="steps__item">
              <p>
                Cannot scan it? Choose to enter a key by hand, and type this key (time-based, for the account{' '}
                {props.email}, issuer {props.organisation}):
              </p>
              <p>
                <code id="totp-secret" class="secret">
                  {groupSecret(setup.secret)}
                </code>
              </p>
            </li>
            <li class="steps__item">
              <p>Type the code the app now shows.</p>
              <form class="form" method="post" action="/account/authenticator/confirm" novalidate>
                <input type="hidden" name="_csrf" value={csrfToken} />
                <CodeField
                  id={TOTP_CODE_FIELD}
                  name="code"
                  label="Code from your authenticator app"
                  hint="6 digits."
                  numeric
                  errors={errorsFor(problems, TOTP_CODE_FIELD)}
                />
                <button type="submit" class="button">
                  Add the app
                </button>
              </form>
            </li>
          </ol>
        </>
      )}
      <p>
        <a href="/account">Back to your security info</a>
      </p>
    </PageLayout>
  );
}
