/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { RecoveryKind } from '../config/recovery-config-schema.js';
import { EMAIL_CODE_MINUTES } from '../recovery/email-codes.js';
import { type AccountProblem, summaryOf } from './account-problems.js';
import { ErrorSummary } from './error-summary.js';
import { FactorCodeForm } from './factor-code-form.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';
import { PasskeySignIn } from './passkey-sign-in.js';

export interface AccountVerifyPageProps {
  frame: PageFrame;
  csrfToken: string;
  email: string;
  factors: readonly RecoveryKind[];
  personalEmailHint: string | null;
  problems: readonly AccountProblem[];
  /** Good news to announce (a code was sent), or null. */
  status: string | null;
}

/** The input id of each second factor's code, which its refusals link to. */
export const FACTOR_FIELDS = {
  totp: 'totp-code',
  email_code: 'email-code',
  recovery_code: 'recovery-code',
} as const;

function FactorForm(props: {
  csrfToken: string;
  factor: keyof typeof FACTOR_FIELDS;
  label: string;
  hint: string;
  numeric: boolean;
  problems: readonly AccountProblem[];
}): VNode {
  return <FactorCodeForm action="/account/verify" fieldId={FACTOR_FIELDS[props.factor]} {...props} />;
}

/** GET/POST /account/verify: the second step of signing in to security info. */
export function AccountVerifyPage(props: AccountVerifyPageProps): VNode {
  const { t } = useMessages();
  const heading = t('verify.title');
  const has = (kind: RecoveryKind): boolean => props.factors.includes(kind);
  const { csrfToken, problems } = props;
  return (
    <PageLayout
      frame={props.frame}
      title={problems.length > 0 ? t('page.errorTitle', { title: heading }) : heading}
    >
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {props.status !== null && (
        <p class="notice" role="status">
          {props.status}
        </p>
      )}
      <p class="lead">{t('verify.accountLead', { email: props.email })}</p>
      {has('passkey') && (
        <PasskeySignIn
          islandSrc={props.frame.passkeyIslandSrc}
          csrfToken={csrfToken}
          purpose="account"
          action="/account/passkey"
          heading={t('kind.passkey')}
          intro={t('verify.passkeyIntro')}
          button={t('verify.usePasskey')}
          withoutScript={t('verify.passkeyNeedsScript')}
        />
      )}
      {has('totp') && (
        <section class="factor" aria-labelledby="factor-totp">
          <h2 id="factor-totp">{t('kind.totp')}</h2>
          <FactorForm
            csrfToken={csrfToken}
            factor="totp"
            label={t('totp.codeLabel')}
            hint={t('verify.totpHint')}
            numeric
            problems={problems}
          />
        </section>
      )}
      {has('personal_email') && (
        <section class="factor" aria-labelledby="factor-email">
          <h2 id="factor-email">{t('verify.emailTitle')}</h2>
          <form class="form form--inline" method="post" action="/account/verify/send-code" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button button--secondary">
              {t('verify.sendCodeTo', {
                address: props.personalEmailHint ?? t('verify.yourPersonalAddress'),
              })}
            </button>
          </form>
          <FactorForm
            csrfToken={csrfToken}
            factor="email_code"
            label={t('email.codeLabel')}
            hint={t('verify.emailHint', { minutes: EMAIL_CODE_MINUTES })}
            numeric
            problems={problems}
          />
        </section>
      )}
      {has('recovery_codes') && (
        <section class="factor" aria-labelledby="factor-recovery">
          <h2 id="factor-recovery">{t('verify.recoveryTitle')}</h2>
          <FactorForm
            csrfToken={csrfToken}
            factor="recovery_code"
            label={t('verify.recoveryTitle')}
            hint={t('verify.recoveryHint')}
            numeric={false}
            problems={problems}
          />
        </section>
      )}
      <form method="post" action="/account/signout">
        <input type="hidden" name="_csrf" value={csrfToken} />
        <button type="submit" class="button button--secondary">
          {t('verify.cancel')}
        </button>
      </form>
    </PageLayout>
  );
}
