/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import { type AccountProblem, errorsFor, summaryOf } from './account-problems.js';
import { CodeField } from './code-field.js';
import { ErrorSummary } from './error-summary.js';
import { describedBy, FieldErrors, hintIdFor } from './field-message.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';

export const PERSONAL_EMAIL_FIELD = 'personal-email';
export const EMAIL_CODE_FIELD = 'code';

export interface AccountEmailPageProps {
  frame: PageFrame;
  csrfToken: string;
  /** address: type the address; code: type the code mailed to it. */
  step: 'address' | 'code';
  /** The address typed (shown again after a refusal), step address only. */
  address: string;
  problems: readonly AccountProblem[];
}

/** GET/POST /account/email and /account/email/confirm: adding a personal address, proven by a mailed code. */
export function AccountEmailPage(props: AccountEmailPageProps): VNode {
  const { problems, csrfToken } = props;
  const { t } = useMessages();
  const heading = t(props.step === 'address' ? 'email.titleAddress' : 'email.titleCode');
  const errors = errorsFor(problems, PERSONAL_EMAIL_FIELD);
  return (
    <PageLayout
      frame={props.frame}
      title={problems.length > 0 ? t('page.errorTitle', { title: heading }) : heading}
    >
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {props.step === 'address' ? (
        <>
          <p class="lead">{t('email.leadAddress')}</p>
          <form class="form" method="post" action="/account/email" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <div class={errors.length > 0 ? 'field field--error' : 'field'}>
              <label class="field__label" for={PERSONAL_EMAIL_FIELD}>
                {t('email.label')}
              </label>
              <p id={hintIdFor(PERSONAL_EMAIL_FIELD)} class="field__hint">
                {t('email.hint')}
              </p>
              <FieldErrors fieldId={PERSONAL_EMAIL_FIELD} errors={errors} />
              <input
                class="field__input"
                id={PERSONAL_EMAIL_FIELD}
                name="personalEmail"
                type="email"
                autocomplete="email"
                autocapitalize="none"
                spellcheck={false}
                required
                value={props.address}
                aria-invalid={errors.length > 0 ? 'true' : undefined}
                aria-describedby={describedBy(PERSONAL_EMAIL_FIELD, { hint: true, errors })}
              />
            </div>
            <button type="submit" class="button">
              {t('email.send')}
            </button>
          </form>
        </>
      ) : (
        <>
          <p class="lead">{t('email.leadCode')}</p>
          <form class="form" method="post" action="/account/email/confirm" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <CodeField
              id={EMAIL_CODE_FIELD}
              name="code"
              label={t('email.codeLabel')}
              hint={t('common.sixDigits')}
              numeric
              errors={errorsFor(problems, EMAIL_CODE_FIELD)}
            />
            <button type="submit" class="button">
              {t('email.addButton')}
            </button>
          </form>
          <p>
            <a href="/account/email">{t('email.again')}</a>
          </p>
        </>
      )}
      <p>
        <a href="/account">{t('common.backToAccount')}</a>
      </p>
    </PageLayout>
  );
}
