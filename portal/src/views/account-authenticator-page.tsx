/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { TotpSetup } from '../recovery/authenticator.js';
import { groupSecret } from '../recovery/totp.js';
import { type AccountProblem, errorsFor, summaryOf } from './account-problems.js';
import { CodeField } from './code-field.js';
import { ErrorSummary } from './error-summary.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
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
  const { t } = useMessages();
  const heading = t('totp.title');
  return (
    <PageLayout
      frame={props.frame}
      title={problems.length > 0 ? t('page.errorTitle', { title: heading }) : heading}
    >
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {setup === null ? (
        <form method="post" action="/account/authenticator">
          <input type="hidden" name="_csrf" value={csrfToken} />
          <p class="lead">{t('totp.startAgain')}</p>
          <button type="submit" class="button">
            {t('totp.startButton')}
          </button>
        </form>
      ) : (
        <>
          <p class="lead">{t('totp.lead')}</p>
          <ol class="steps">
            <li class="steps__item">
              <p>{t('totp.scan')}</p>
              <div
                class="qr"
                role="img"
                aria-label={t('totp.qrLabel')}
                // The SVG is made here from the key URI (uqr): no markup from anyone else reaches the page.
                dangerouslySetInnerHTML={{ __html: setup.qrSvg }}
              />
            </li>
            <li class="steps__item">
              <p>{t('totp.byHand', { email: props.email, issuer: props.organisation })}</p>
              <p>
                <code id="totp-secret" class="secret">
                  {groupSecret(setup.secret)}
                </code>
              </p>
            </li>
            <li class="steps__item">
              <p>{t('totp.typeCode')}</p>
              <form class="form" method="post" action="/account/authenticator/confirm" novalidate>
                <input type="hidden" name="_csrf" value={csrfToken} />
                <CodeField
                  id={TOTP_CODE_FIELD}
                  name="code"
                  label={t('totp.codeLabel')}
                  hint={t('common.sixDigits')}
                  numeric
                  errors={errorsFor(problems, TOTP_CODE_FIELD)}
                />
                <button type="submit" class="button">
                  {t('totp.addButton')}
                </button>
              </form>
            </li>
          </ol>
        </>
      )}
      <p>
        <a href="/account">{t('common.backToAccount')}</a>
      </p>
    </PageLayout>
  );
}
