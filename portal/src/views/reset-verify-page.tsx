/** @jsxRuntime automatic @jsxImportSource preact */
import type { VNode } from 'preact';
import type { ProofKind } from '../notifications/security-notice.js';
import type { ResetFactor, ResetFlowView } from '../reset/reset-flow-service.js';
import { type AccountProblem, summaryOf } from './account-problems.js';
import { ErrorSummary } from './error-summary.js';
import { FactorCodeForm } from './factor-code-form.js';
import type { PageFrame } from './page-frame.js';
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

function lead(view: ResetFlowView): string {
  if (view.proven.length === 0)
    return view.needed === 1
      ? 'Use one of the ways to get back in that you set up in your security info.'
      : 'Use two different ways to get back in that you set up in your security info.';
  return view.needed - view.proven.length === 1
    ? 'That worked. Your account needs one more way, of a different kind.'
    : 'That worked. Your account needs more ways, each of a different kind.';
}

/**
 * GET/POST /reset/verify: proving who you are. Before anything is proven it depends on nothing but the
 * policy and the address as typed: every address is offered the same ways (reset-flow-service.ts).
 */
export function ResetVerifyPage(props: ResetVerifyPageProps): VNode {
  const heading = 'Prove it is you';
  const { csrfToken, problems, view } = props;
  const offers = (kind: ProofKind): boolean => view.offer.includes(kind);
  return (
    <PageLayout frame={props.frame} title={problems.length > 0 ? `Error: ${heading}` : heading}>
      <ErrorSummary errors={summaryOf(problems)} />
      <h1>{heading}</h1>
      {props.status !== null && (
        <p class="notice" role="status">
          {props.status}
        </p>
      )}
      <p class="lead">
        To reset the password of <strong>{view.email}</strong>, or to unlock it, prove it is you. {lead(view)}
      </p>
      {offers('totp') && (
        <section class="factor" aria-labelledby="factor-totp">
          <h2 id="factor-totp">Authenticator app</h2>
          <FactorForm
            csrfToken={csrfToken}
            factor="totp"
            label="Code from your authenticator app"
            hint="The 6 digits your app shows now."
            numeric
            problems={problems}
          />
        </section>
      )}
      {offers('personal_email') && (
        <section class="factor" aria-labelledby="factor-email">
          <h2 id="factor-email">Code by e-mail</h2>
          <form class="form form--inline" method="post" action="/reset/verify/send-code" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button button--secondary">
              Send a code to my personal e-mail address
            </button>
          </form>
          <FactorForm
            csrfToken={csrfToken}
            factor="email_code"
            label="Code from the e-mail"
            hint={`The 6 digits we sent to the personal address in your security info. Each code works for ${props.codeMinutes} minutes.`}
            numeric
            problems={problems}
          />
        </section>
      )}
      {offers('recovery_codes') && (
        <section class="factor" aria-labelledby="factor-recovery">
          <h2 id="factor-recovery">Recovery code</h2>
          <FactorForm
            csrfToken={csrfToken}
            factor="recovery_code"
            label="Recovery code"
            hint="One of the codes you saved, like 7K2M-Q9XD-4HRT. Each code works once."
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
          heading="Passkey"
          intro="Use a passkey you added in your security info: your device or security key proves it is you."
          button="Use a passkey"
        />
      )}
      {offers('work_mailbox') && (
        <section class="factor" aria-labelledby="factor-work-mailbox">
          <h2 id="factor-work-mailbox">Link to your work mailbox</h2>
          <p>If you can still read your work e-mail, we can send a link there.</p>
          <form class="form form--inline" method="post" action="/reset/verify/send-link" novalidate>
            <input type="hidden" name="_csrf" value={csrfToken} />
            <button type="submit" class="button button--secondary">
              Send a link to my work mailbox
            </button>
          </form>
        </section>
      )}
      <p>
        <a href="/reset">Start again with another address</a>
      </p>
      <SupportNotice frame={props.frame} />
    </PageLayout>
  );
}
