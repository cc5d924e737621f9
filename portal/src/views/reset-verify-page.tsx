/** @jsxRuntime automatic @jsxImportSource preact */
import type { MessageKey } from '@passgate/core/i18n/browser';
import type { VNode } from 'preact';
import type { ProofKind } from '../notifications/security-notice.js';
import type { ResetFactor, ResetFlowView } from '../reset/reset-flow-service.js';
import { type AccountProblem, summaryOf } from './account-problems.js';
import { ErrorSummary } from './error-summary.js';
import { FactorCodeForm } from './factor-code-form.js';
import type { PageFrame } from './page-frame.js';
import { useMessages } from './page-language.js';
import { PageLayout } from './page-layout.js';
import { PasskeySignIn } from './passkey-sign-in.js';
import { SupportNotice } from './support-notice.js';

export interface ResetVerifyPageProps {
  frame: PageFrame;
  csrfToken: string;
  view: ResetFlowView;
  problems: readonly AccountProblem[];
  /** Good news to announce (a code was asked for), or null. */
  status: string | null;
  /** How long a code works, for the words. */
  codeMinutes: number;
}

/** The input id of each factor's code, which its refusals link to (as on /account/verify). */
export const RESET_FACTOR_FIELDS: Record<ResetFactor, string> = {
  totp: 'totp-code',
  email_code: 'email-code',
  recovery_code: 'recovery-code',
  passkey: 'passkey-reset-heading',
};

/** Where the passkey island asks for the flow's options, and where its answer goes. */
export const RESET_PASSKEY_PATHS = {
  options: '/reset/verify/passkey/options',
  answer: '/reset/verify/passkey',
} as const;

function FactorForm(props: {
  csrfToken: string;
  factor: Exclude<ResetFactor, 'passkey'>;
  label: string;
  hint: string;
  numeric: boolean;
  problems: readonly AccountProblem[];
}): VNode {
  return <FactorCodeForm action="/reset/verify" fieldId={RESET_FACTOR_FIELDS[props.factor]} {...props} />;
}

function lead(view: ResetFlowView): MessageKey {
  if (view.proven.length === 0) return view.needed === 1 ? 'resetVerify.useOne' : 'resetVerify.useTwo';
  return view.needed - view.proven.length === 1 ? 'resetVerify.oneMore' : 'resetVerify.more';
}

/**
 * GET/POST /reset/verify: proving who you are. Before anything is proven it depends on nothing but the
 * policy and the address as typed: every address is offered the same ways (reset-flow-service.ts).
 */
export function ResetVerifyPage(props: ResetVerifyPageProps): VNode {
  const { t } = useMessages();
  const heading = t('verify.title');
  const { csrfToken, problems, view } = props;
  const offers = (kind: ProofKind): boolean => view.offer.includes(kind);
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
      <p class="lead">
        {t('resetVerify.lead', { email: view.email })} {t(lead(view))}
      </p>
      {offers('totp') && (
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
      {offers('personal_email') && (
        <section class="factor" aria-labelledby="factor-email">
          <h2 id="factor-email">{t('verify.emailTitle')}</h2>
          <form class="form form--inline" method="post" action="/reset/verify/send-code" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button button--secondary">
              {t('resetVerify.sendCode')}
            </button>
          </form>
          <FactorForm
            csrfToken={csrfToken}
            factor="email_code"
            label={t('email.codeLabel')}
            hint={t('resetVerify.emailHint', { minutes: props.codeMinutes })}
            numeric
            problems={problems}
          />
        </section>
      )}
      {offers('recovery_codes') && (
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
      {offers('passkey') && (
        // Shown by the passkey island where the browser can use passkeys (the same for every address).
        <PasskeySignIn
          islandSrc={props.frame.passkeyIslandSrc}
          csrfToken={csrfToken}
          purpose="reset"
          optionsPath={RESET_PASSKEY_PATHS.options}
          action={RESET_PASSKEY_PATHS.answer}
          heading={t('kind.passkey')}
          intro={t('resetVerify.passkeyIntro')}
          button={t('verify.usePasskey')}
        />
      )}
      {offers('work_mailbox') && (
        <section class="factor" aria-labelledby="factor-work-mailbox">
          <h2 id="factor-work-mailbox">{t('resetVerify.mailboxTitle')}</h2>
          <p>{t('resetVerify.mailboxText')}</p>
          <form class="form form--inline" method="post" action="/reset/verify/send-link" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button button--secondary">
              {t('resetVerify.sendLink')}
            </button>
          </form>
        </section>
      )}
      <p>
        <a href="/reset">{t('resetVerify.startAgain')}</a>
      </p>
      <SupportNotice frame={props.frame} />
    </PageLayout>
  );
}
